import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWebhookTransport } from './http-webhook-transport.adapter.js';

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

describe('HttpWebhookTransport', () => {
  const transport = new HttpWebhookTransport();
  const servers: Server[] = [];
  afterAll(async () => {
    transport.onModuleDestroy();
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

  it('never follows a redirect; keeps the first 1 kB of an answer; reads Retry-After', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/moved') return res.writeHead(301, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      res.writeHead(503, { 'retry-after': '30' }).end('x'.repeat(5000));
    });
    servers.push(s.server);
    expect(await post(`http://127.0.0.1:${s.port}/moved`)).toMatchObject({ kind: 'answered', status: 301, location: 'http://127.0.0.1:1/elsewhere' });
    const big = await post(`http://127.0.0.1:${s.port}/busy`);
    expect(big).toMatchObject({ kind: 'answered', status: 503, retryAfter: '30' });
    expect(big.kind === 'answered' && big.body).toHaveLength(1024);
    expect(s.seen.map((r) => r.body)).toHaveLength(2);
  });

  it('a receiver that never answers is a timeout; a closed port a connection error', async () => {
    const s = await serve(() => undefined);
    servers.push(s.server);
    expect(await post(`http://127.0.0.1:${s.port}/`, 200)).toEqual({ kind: 'failed', error: 'no answer within 200 ms', timedOut: true });
    const closed = await post('http://127.0.0.1:1/');
    expect(closed).toMatchObject({ kind: 'failed', timedOut: false, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
