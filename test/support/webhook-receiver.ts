import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, with its body as the bytes that came. */
export interface ReceivedHook {
  path: string;
  headers: Record<string, string>;
  raw: Buffer;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  /** the status it was answered with (null: left hanging) */
  answered: number | null;
}

/** How the receiver answers the next requests (in order; the last one from then on). */
export type Reply = number | { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A real HTTP server on loopback (port 0) that takes webhooks: records every request and answers
 * as told (a status, a status with headers and body, or never), so tests see exactly what was
 * sent, byte for byte, and verify it with the `standardwebhooks` library.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private replies: Reply[] = [204];
  private readonly byPath = new Map<string, Reply[]>();
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  /** the most requests left hanging at once */
  maxHanging = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.handle(req, res));
    server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL of a path on this receiver. */
  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers the next requests so, in order; the last reply stays. */
  reply(...replies: Reply[]): this {
    this.replies = replies;
    return this;
  }

  /** Answers the next requests to this path so (other paths as `reply` says). */
  replyAt(path: string, ...replies: Reply[]): this {
    this.byPath.set(path, replies);
    return this;
  }

  /** The requests that came to this path. */
  at(path: string): ReceivedHook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** The requests of one event type (to any path). */
  ofType(type: string, path?: string): ReceivedHook[] {
    return this.received.filter((r) => r.body.type === type && (path === undefined || r.path === path));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const replies = this.byPath.get(req.url ?? '/') ?? this.replies;
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
      let body: ReceivedHook['body'];
      try {
        body = JSON.parse(raw.toString('utf8')) as ReceivedHook['body'];
      } catch {
        body = { type: '(not JSON)', timestamp: '', data: {} };
      }
      const hook: ReceivedHook = { path: req.url ?? '/', headers, raw, body, answered: null };
      this.received.push(hook);
      if (reply === 'hang') {
        this.hanging.add(res);
        this.maxHanging = Math.max(this.maxHanging, this.hanging.size);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      const { status, headers: extra, body: text } = typeof reply === 'number' ? { status: reply, headers: {}, body: undefined } : reply;
      hook.answered = status;
      res.writeHead(status, extra);
      res.end(text);
    });
  }
}

/** Verifies a received hook with the `standardwebhooks` library; answers the payload it read, or throws. */
export function verifyHook(hook: ReceivedHook, secret: string): unknown {
  return new Webhook(secret).verify(hook.raw.toString('utf8'), {
    'webhook-id': hook.headers['webhook-id']!,
    'webhook-timestamp': hook.headers['webhook-timestamp']!,
    'webhook-signature': hook.headers['webhook-signature']!,
  });
}
