import { connect, createServer, type Server, type Socket } from 'node:net';

/** Splits a TCP stream into DNS messages (RFC 1035 §4.2.2: each preceded by its 2-byte length). */
function framer(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      onMessage(Buffer.from(pending.subarray(2, 2 + pending.readUInt16BE(0))));
      pending = pending.subarray(2 + pending.readUInt16BE(0));
    }
  };
}

/**
 * A TCP proxy in front of a DNS server that keeps every DNS message passing through it, so a test
 * sees how a client cut its changes into messages, and what both sides signed, without taking
 * either side's word for it.
 */
export class CountingProxy {
  /** the messages clients sent to the server, in order */
  readonly requests: Buffer[] = [];
  /** the messages the server sent back, in order */
  readonly responses: Buffer[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(upstreamPort: number): Promise<CountingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new CountingProxy(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => {
      const upstream = connect({ host: '127.0.0.1', port: upstreamPort });
      proxy.sockets.add(client).add(upstream);
      const fromClient = framer((message) => proxy.requests.push(message));
      const fromServer = framer((message) => proxy.responses.push(message));
      client.on('data', (chunk: Buffer) => {
        fromClient(chunk);
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        fromServer(chunk);
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
