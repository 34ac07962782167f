/**
 * Bodies over the limit, sent to a listening server (not supertest) by the clients people use:
 * Node's global fetch (undici, in a process of its own: test/support/fetch-client.js) and
 * node:http with a keep-alive agent. The 413 must reach a client that is still sending its body,
 * in the surface's envelope, and a connection whose refused body was read to its end stays usable.
 */
import { spawn } from 'node:child_process';
import { Agent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { CM, SEED_ACCOUNT } from './support/domains.js';

const CLIENT = path.resolve('test/support/fetch-client.js');
const MB = 1024 * 1024;
const ITERATIONS = 20;
const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };

type Outcome = { status: number; contentType: string | null; connection: string | null; text: string } | { error: string };

/** Runs the fetch client: `times` POSTs of one body to `url`, each attempt's outcome. */
function fetchFromAnotherProcess(url: string, body: { kind: 'json' | 'chunked' | 'gzip'; bytes: number }, times: number): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, JSON.stringify({ url, headers, body, times })], { env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Outcome[]) : reject(new Error(`the fetch client exited with ${code}: ${err}`))));
  });
}

/** The JSON of an answer, or its text if it is not JSON (a cut answer). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const SURFACES = [
  {
    name: 'the Email Configuration API',
    path: `${CM}/configuration`,
    contentType: 'application/json',
    envelope: { statusCode: 'PayloadTooLarge', statusMessage: 'Request body is too large (at most 100 kB)', domainConfig: null },
  },
  {
    name: 'the native API',
    path: `/api/v1/accounts/${SEED_ACCOUNT}/domains`,
    contentType: 'application/problem+json',
    envelope: {
      type: 'about:blank',
      title: 'Payload Too Large',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      detail: 'Request body is too large (at most 100 kB)',
      instance: `/api/v1/accounts/${SEED_ACCOUNT}/domains`,
    },
  },
] as const;

describe('a body over the limit, sent to a listening server', () => {
  let t: TestApp;
  let base: string;
  let port: number;
  const rows = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains`))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(SURFACES)('$name', (surface) => {
    /** Every attempt got the 413 in the surface's envelope, documented in the OpenAPI document. */
    const expectAll413 = (outcomes: Outcome[], connection: 'close' | null) => {
      const seen = outcomes.map((o) => ('error' in o ? o : { status: o.status, contentType: o.contentType, connection: o.connection, body: parsed(o.text) }));
      expect(seen).toEqual(outcomes.map(() => ({ status: 413, contentType: expect.stringContaining(surface.contentType), connection, body: surface.envelope })));
      for (const o of outcomes as Exclude<Outcome, { error: string }>[]) {
        t.contract.check('post', surface.path, { status: o.status, headers: { 'content-type': o.contentType ?? undefined }, body: parsed(o.text), text: o.text });
      }
    };

    // up to 8 MB a refused body is read to its end and the connection kept (HTTP/1.1's default: no
    // Connection header); a longer one, or one of unknown length, is answered `Connection: close`
    it.each([
      [5, 'kept', null],
      [20, 'closed after the answer', 'close'],
    ] as const)(`answers each of ${ITERATIONS} fetches of a %i MB body with its 413, never a reset (connection %s)`, async (megabytes, _connection, connection) => {
      const before = await rows();
      expectAll413(await fetchFromAnotherProcess(`${base}${surface.path}`, { kind: 'json', bytes: megabytes * MB }, ITERATIONS), connection);
      expect(await rows()).toBe(before);
    }, 120_000);

    it(`answers each of ${ITERATIONS} fetches of a 5 MB body of unknown length (chunked) with its 413, never a reset`, async () => {
      expectAll413(await fetchFromAnotherProcess(`${base}${surface.path}`, { kind: 'chunked', bytes: 5 * MB }, ITERATIONS), 'close');
    }, 120_000);

    it('answers a gzip bomb (256 MB of spaces in about 256 kB) with its 413 and keeps the connection (its compressed bytes are few)', async () => {
      expectAll413(await fetchFromAnotherProcess(`${base}${surface.path}`, { kind: 'gzip', bytes: 256 * MB }, 5), null);
    }, 120_000);

    it('keeps the connection usable after a 413 whose body was read to its end', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const post = (body: string) =>
        new Promise<{ status: number; headers: IncomingHttpHeaders; socket: Socket; body: unknown }>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: surface.path, method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, socket: req.socket!, body: JSON.parse(text) as unknown }));
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end(body);
        });
      const big = `{"pad":"${'x'.repeat(5 * MB)}"}`;
      try {
        const first = await post(big);
        expect([first.status, first.body, first.headers.connection]).toEqual([413, surface.envelope, undefined]);
        const second = await post(big);
        expect([second.status, second.body, second.socket === first.socket]).toEqual([413, surface.envelope, true]);
        const third = await post('{}');
        expect([third.status, third.socket === first.socket]).toEqual([400, true]);
      } finally {
        agent.destroy();
      }
    }, 60_000);
  });
});
