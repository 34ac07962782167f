// Child process for the oversized-body tests: POSTs one body several times with Node's global
// fetch (undici), as a client of its own would, in a process of its own (in the test's process,
// client and server share one event loop, which hides what a separate client runs into).
// argv[2]: JSON { url, headers, body: { kind: 'json' | 'chunked' | 'gzip', bytes }, times }.
// Prints one JSON line: per attempt { status, contentType, connection, text } or { error }.
import { gzipSync } from 'node:zlib';

const { url, headers, body, times } = JSON.parse(process.argv[2]);

/** A JSON object of `bytes` bytes: a registration padded with an unknown field. */
function json(bytes) {
  const head = '{"domain":"big.example.com","emailAddress":"a@example.com","accountId":"903e1cef-84b3-4500-a9a5-b2ca219f76f5","pad":"';
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
}

const MB = 1024 * 1024;
const payload =
  body.kind === 'json' ? json(body.bytes)
  : body.kind === 'gzip' ? gzipSync(Buffer.alloc(body.bytes, ' '), { level: 9 }) // a gzip bomb: spaces compress about 1000:1
  : new TextEncoder().encode(json(MB));

/** The body of one attempt: chunked bodies (no Content-Length) are a stream of 1 MB chunks. */
function bodyOf() {
  if (body.kind !== 'chunked') return { body: payload };
  let left = Math.ceil(body.bytes / MB);
  const stream = new ReadableStream({
    pull(controller) {
      if (left-- > 0) controller.enqueue(payload);
      else controller.close();
    },
  });
  return { body: stream, duplex: 'half' };
}

const outcomes = [];
for (let i = 0; i < times; i++) {
  try {
    const res = await fetch(url, { method: 'POST', headers: { ...headers, ...(body.kind === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}) }, ...bodyOf() });
    outcomes.push({ status: res.status, contentType: res.headers.get('content-type'), connection: res.headers.get('connection'), text: await res.text() });
  } catch (error) {
    outcomes.push({ error: `${error.message}${error.cause ? ` (${error.cause.code ?? ''} ${error.cause.message ?? ''})` : ''}` });
  }
}
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
