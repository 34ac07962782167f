import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { ThreadedWebhookTransport } from './threaded-webhook-transport.adapter.js';

/** A loopback server: answers 200 with the path and the body it got, or never (`/never`). */
async function serve(): Promise<{ server: Server; url: string; waiting: () => number }> {
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/never') return void hanging.push(res);
      res.end(`${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, waiting: () => hanging.length };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const workerOf = (transport: ThreadedWebhookTransport, slot: number) => (transport as unknown as { threads: ({ worker: Worker } | null)[] }).threads[slot]!.worker;

describe('ThreadedWebhookTransport', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve();
  });
  afterAll(async () => {
    server.server.closeAllConnections();
    await new Promise((resolve) => server.server.close(resolve));
  });
  const post = (transport: ThreadedWebhookTransport, path: string, body: Buffer, timeoutMs = 5000) =>
    transport.post({ url: new URL(`${server.url}${path}`), address: '127.0.0.1', headers: { 'content-type': 'application/json' }, body, timeoutMs });

  it('spreads POSTs over its threads, each answer to its own request, the body byte for byte', async () => {
    const transport = new ThreadedWebhookTransport(3);
    try {
      // a Buffer from Node's pool and one cut from the middle of a larger one: views, not whole buffers
      const whole = Buffer.from('xx{"b":"é"}yy', 'utf8');
      const bodies = [Buffer.from('{"a":1}'), whole.subarray(2, whole.length - 2)];
      const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => post(transport, `/p${i}`, bodies[i % 2]!)));
      answers.forEach((answer, i) => expect(answer).toEqual({ kind: 'answered', status: 200, body: `/p${i} ${i % 2 ? '{"b":"é"}' : '{"a":1}'}`, location: null, retryAfter: null }));
      expect(transport.running).toBe(3);
    } finally {
      await transport.onApplicationShutdown();
    }
  });

  it('a thread that stops answers its POSTs under way as failed, and a new thread takes its turn', async () => {
    const transport = new ThreadedWebhookTransport(1);
    try {
      const before = server.waiting();
      const hanging = Promise.all([post(transport, '/never', Buffer.from('{}')), post(transport, '/never', Buffer.from('{}'))]);
      await until(() => server.waiting() === before + 2);
      await workerOf(transport, 0).terminate();
      for (const answer of await hanging) expect(answer).toEqual({ kind: 'failed', error: expect.stringMatching(/^the sending thread stopped \(exit code \d+\) before it answered$/), timedOut: false });
      expect(transport.running).toBe(0);
      expect(await post(transport, '/again', Buffer.from('{}'))).toMatchObject({ kind: 'answered', status: 200, body: '/again {}' });
      expect(transport.running).toBe(1);
    } finally {
      await transport.onApplicationShutdown();
    }
  });

  it('a thread that leaves a POST unanswered past its timeout is replaced', async () => {
    // the client's own timer answers at the timeout; overdue by the watch's margin, the thread is taken as stuck
    const transport = new ThreadedWebhookTransport(1, { everyMs: 20, stuckAfterMs: -4_900 });
    try {
      const answer = await post(transport, '/never', Buffer.from('{}'), 5_000);
      expect(answer).toEqual({ kind: 'failed', error: 'the sending thread gave no answer within -4900 ms past the timeout', timedOut: false });
      expect(await post(transport, '/next', Buffer.from('{}'))).toMatchObject({ kind: 'answered', body: '/next {}' });
    } finally {
      await transport.onApplicationShutdown();
    }
  });

  it('the shutdown waits for the POSTs under way, then ends its threads; a POST after it fails at once', async () => {
    const transport = new ThreadedWebhookTransport(2);
    const under = post(transport, '/slow', Buffer.from('{}'));
    await transport.onApplicationShutdown();
    expect(await under).toMatchObject({ kind: 'answered', status: 200 });
    expect(transport.running).toBe(0);
    expect(await post(transport, '/late', Buffer.from('{}'))).toEqual({ kind: 'failed', error: 'the service is stopping', timedOut: false });
  });

  it('a POST that cannot be handed to the thread fails alone; the others in its batch go', async () => {
    const transport = new ThreadedWebhookTransport(1);
    try {
      // handed over in one batch with two good ones
      const before = post(transport, '/before', Buffer.from('{}'));
      const bad = transport.post({ url: new URL(`${server.url}/bad`), address: '127.0.0.1', headers: { x: (() => 'a function') as unknown as string }, body: Buffer.from('{}'), timeoutMs: 5000 });
      const after = post(transport, '/after', Buffer.from('{}'));
      expect(await before).toMatchObject({ kind: 'answered', body: '/before {}' });
      expect(await after).toMatchObject({ kind: 'answered', body: '/after {}' });
      expect(await bad).toEqual({ kind: 'failed', error: expect.stringMatching(/^the POST could not be handed to the sending thread: /), timedOut: false });
      expect(await post(transport, '/good', Buffer.from('{}'))).toMatchObject({ kind: 'answered', body: '/good {}' });
    } finally {
      await transport.onApplicationShutdown();
    }
  });

  it('needs at least one thread', () => {
    expect(() => new ThreadedWebhookTransport(0)).toThrow(/at least one thread/);
  });
});
