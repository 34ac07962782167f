import { connect, type Socket } from 'node:net';
import { formatZoneServer, type ZoneServer } from './zone-server.js';

/** Why a TCP exchange failed: the socket error's code (`ECONNREFUSED`, `ECONNRESET`, …), `TIMEOUT` or `CLOSED`. */
export class ConnectionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionFailure';
  }
}

/**
 * One TCP connection to a DNS server carrying one message at a time (RFC 1035 §4.2.2: each message
 * preceded by its 2-byte length; RFC 7766). Every wait (connecting, each answer) ends after
 * `timeoutMs` with a ConnectionFailure `TIMEOUT`.
 */
export class DnsTcpConnection {
  private buffered = Buffer.alloc(0);
  private waiting: { resolve(frame: Buffer): void; reject(error: ConnectionFailure): void } | null = null;
  private failure: ConnectionFailure | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly target: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.deliver();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(new ConnectionFailure(error.code ?? 'ERROR', `the connection to ${target} failed (${error.code ?? error.message})`)));
    socket.on('close', () => this.fail(new ConnectionFailure('CLOSED', `${target} closed the connection before answering`)));
  }

  static open(server: ZoneServer, timeoutMs: number): Promise<DnsTcpConnection> {
    const target = formatZoneServer(server);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: server.host, port: server.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionFailure('TIMEOUT', `no TCP connection to ${target} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const refused = error.code === 'ECONNREFUSED';
        reject(new ConnectionFailure(error.code ?? 'ERROR', refused ? `${target} refused the TCP connection (is the DNS server listening on TCP there?)` : `no TCP connection to ${target} (${error.code ?? error.message})`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new DnsTcpConnection(socket, target));
      });
    });
  }

  /** Sends one message and answers the next message the server sends back. */
  exchange(message: Buffer, timeoutMs: number): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('one exchange at a time'));
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        this.socket.destroy();
        reject(new ConnectionFailure('TIMEOUT', `no answer from ${this.target} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting = {
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length, 0);
      this.socket.write(Buffer.concat([length, message]));
      this.deliver();
    });
  }

  close(): void {
    this.failure ??= new ConnectionFailure('CLOSED', 'the connection is closed');
    this.socket.destroy();
  }

  private deliver(): void {
    if (!this.waiting || this.buffered.length < 2) return;
    const length = this.buffered.readUInt16BE(0);
    if (this.buffered.length < 2 + length) return;
    const frame = this.buffered.subarray(2, 2 + length);
    this.buffered = this.buffered.subarray(2 + length);
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve(Buffer.from(frame));
  }

  private fail(failure: ConnectionFailure): void {
    if (this.failure) return;
    this.failure = failure;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(failure);
  }
}
