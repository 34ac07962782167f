import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { RESPONSE_READ_BYTES } from '../application/delivery-attempts.js';
import type { WebhookTransport } from '../domain/webhook-transport.port.js';
import { HttpWebhookTransport } from './http-webhook-transport.adapter.js';
import { ThreadedWebhookTransport } from './threaded-webhook-transport.adapter.js';

/** A loopback server that answers as `handler` says, and remembers what came. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<{ server: Server; port: number; seen: { host?: string; body: string }[] }> {
  const seen: { host?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ host: req.headers.host, body: body.toString('utf8') });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** The HTTP client from the calling thread, and from sending threads of its own: the same behaviour. */
const transports: [string, () => { transport: WebhookTransport; stop: () => Promise<void> | void }][] = [
  ['HttpWebhookTransport (the calling thread)', () => {
    const transport = new HttpWebhookTransport();
    return { transport, stop: () => transport.onModuleDestroy() };
  }],
  ['ThreadedWebhookTransport (two sending threads)', () => {
    const transport = new ThreadedWebhookTransport(2);
    return { transport, stop: () => transport.onApplicationShutdown() };
  }],
];

describe.each(transports)('%s', (_name, make) => {
  const { transport, stop } = make();
  const servers: Server[] = [];
  afterAll(async () => {
    await stop();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
  const post = (url: string, timeoutMs = 2000) => transport.post({ url: new URL(url), address: '127.0.0.1', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"type":"x"}'), timeoutMs });

  it('connects to the address it is given, whatever the name says, and names the host in Host', async () => {
    const s = await serve((_req, res) => res.end('ok'));
    servers.push(s.server);
    // the name does not exist: only the pinned address makes this reach the server
    const answer = await post(`http://hooks.example.invalid:${s.port}/in?x=1`);
    expect(answer).toEqual({ kind: 'answered', status: 200, body: 'ok', location: null, retryAfter: null });
    expect(s.seen).toEqual([{ host: `hooks.example.invalid:${s.port}`, body: '{"type":"x"}' }]);
  });

  it('never follows a redirect; reads the start of an answer (1 kB and a margin for redaction); reads Retry-After', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/moved') return res.writeHead(301, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      res.writeHead(503, { 'retry-after': '30' }).end('x'.repeat(5000));
    });
    servers.push(s.server);
    expect(await post(`http://127.0.0.1:${s.port}/moved`)).toMatchObject({ kind: 'answered', status: 301, location: 'http://127.0.0.1:1/elsewhere' });
    const big = await post(`http://127.0.0.1:${s.port}/busy`);
    expect(big).toMatchObject({ kind: 'answered', status: 503, retryAfter: '30' });
    expect(big.kind === 'answered' && big.body).toHaveLength(RESPONSE_READ_BYTES);
    expect(s.seen.map((r) => r.body)).toHaveLength(2);
  });

  it('decodes the start of an answer as UTF-8 with replacement, never a character cut in two at the end', async () => {
    const s = await serve((req, res) => {
      // a gzip header is no UTF-8; past the read, a 4-byte character straddles it
      if (req.url === '/gzip') return res.end(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x41]));
      res.end(Buffer.concat([Buffer.from('a'.repeat(RESPONSE_READ_BYTES - 2)), Buffer.from('\u{1F600}tail', 'utf8')]));
    });
    servers.push(s.server);
    expect(await post(`http://127.0.0.1:${s.port}/gzip`)).toMatchObject({ kind: 'answered', body: '\u001f\uFFFD\u0008\u0000\uFFFDA' });
    const cut = await post(`http://127.0.0.1:${s.port}/emoji`);
    expect(cut.kind === 'answered' && cut.body).toBe('a'.repeat(RESPONSE_READ_BYTES - 2));
  });

  it('a receiver that never answers is a timeout; a closed port a connection error', async () => {
    const s = await serve(() => undefined);
    servers.push(s.server);
    expect(await post(`http://127.0.0.1:${s.port}/`, 200)).toEqual({ kind: 'failed', error: 'no answer within 200 ms', timedOut: true });
    const closed = await post('http://127.0.0.1:1/');
    expect(closed).toMatchObject({ kind: 'failed', timedOut: false, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});

// what the client asks of TLS is seen in its agent, so on the calling thread (the sending threads run the same client)
describe('WebhookHttpClient', () => {
  const transport = new HttpWebhookTransport();
  afterAll(() => transport.onModuleDestroy());

  it('names the server for TLS (SNI) by a host name only, never by an IP address (RFC 6066, Node DEP0123)', async () => {
    // nothing listens there: what matters is what the TLS connection is asked to name
    type Connect = (this: unknown, options: { servername?: string }, ...rest: unknown[]) => unknown;
    const agent = (transport as unknown as { client: { https: HttpsAgent } }).client.https as unknown as { createConnection: Connect };
    const original = agent.createConnection;
    const asked: (string | undefined)[] = [];
    agent.createConnection = function (this: unknown, options: { servername?: string }, ...rest: unknown[]) {
      asked.push(options.servername);
      return original.call(this, options, ...rest);
    };
    try {
      const https = (url: string, address: string) => transport.post({ url: new URL(url), address, headers: {}, body: Buffer.from('{}'), timeoutMs: 2000 });
      await https('https://127.0.0.1:1/', '127.0.0.1');
      await https('https://[::1]:1/', '::1');
      await https('https://hooks.example.invalid:1/', '127.0.0.1');
    } finally {
      agent.createConnection = original;
    }
    expect(asked.slice(0, 2).map((name) => name || null)).toEqual([null, null]);
    expect(asked[2]).toBe('hooks.example.invalid');
  });
});
