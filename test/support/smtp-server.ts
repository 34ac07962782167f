import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the test SMTP server accepted. */
export interface ReceivedMail {
  /** envelope sender (MAIL FROM) */
  from: string | null;
  /** envelope recipients (RCPT TO) */
  to: string[];
  /** headers, names lower-cased, folded lines unfolded */
  headers: Record<string, string>;
  subject: string;
  body: string;
  raw: string;
}

/**
 * In-process SMTP server for tests (smtp-server) on 127.0.0.1, plain text only (no STARTTLS, no
 * auth required): the application's real nodemailer transport delivers to it, and `messages`
 * collects what arrived, in arrival order. `failWith(code)` makes it reject every message with that
 * reply code (a failing server) until `accept()`.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** Messages refused while failing (see `failWith`), in arrival order. */
  readonly rejected: ReceivedMail[] = [];
  private rejectCode: number | null = null;
  private server: SMTPServer | undefined;
  private listeningOn = 0;

  private constructor() {}

  /** Listens on `port` (0: a free one; a given one, for "the SMTP server comes back" on the address the service knows). */
  static async start(port = 0): Promise<TestSmtpServer> {
    const self = new TestSmtpServer();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
          const mail = parseMail(raw, from, session.envelope.rcptTo.map((r) => r.address));
          if (self.rejectCode) {
            self.rejected.push(mail);
            callback(Object.assign(new Error('Test server rejects every message'), { responseCode: self.rejectCode }));
            return;
          }
          self.messages.push(mail);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined); // a client hanging up is not the test's business
    self.server = server;
    self.listeningOn = (server.server.address() as AddressInfo).port;
    return self;
  }

  get port(): number {
    return this.listeningOn;
  }

  /** For SMTP_URL: plain SMTP, no TLS (the server offers none). */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages whose envelope recipients include `address`. */
  to(address: string): ReceivedMail[] {
    const wanted = address.toLowerCase();
    return this.messages.filter((m) => m.to.some((to) => to.toLowerCase() === wanted));
  }

  /** Messages whose subject mentions `text` (case-insensitive). */
  about(text: string): ReceivedMail[] {
    const wanted = text.toLowerCase();
    return this.messages.filter((m) => m.subject.toLowerCase().includes(wanted));
  }

  failWith(responseCode = 554): void {
    this.rejectCode = responseCode;
  }

  accept(): void {
    this.rejectCode = null;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A loopback port nothing listens on (bound, then released), for "the SMTP server is down". */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function parseMail(raw: string, from: string | null, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { from, to, headers, subject: decodeHeader(headers['subject'] ?? ''), body, raw };
}

/** Decodes RFC 2047 encoded-words (nodemailer uses them for long or non-ASCII subjects). */
function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
