import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One identity the stub holds, as SES would. */
export interface StubIdentity {
  tokens: string[];
  /** DKIM status: PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE */
  dkimStatus: string;
  /** VerificationInfo.ErrorType when FAILED */
  errorType?: string;
  mailFrom?: { domain: string; status: string };
  signingKeyLength?: string;
}

export interface StubRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

/**
 * A local SESv2-compatible HTTP server (REST-JSON) for the tests, so the real AWS SDK talks real
 * HTTP to it through SES_ENDPOINT. It implements CreateEmailIdentity, GetEmailIdentity,
 * DeleteEmailIdentity, PutEmailIdentityMailFromAttributes and SendEmail, and can be told to
 * throttle (429 TooManyRequestsException), fail with 500, or be down (connections reset).
 */
export class SesStub {
  readonly identities = new Map<string, StubIdentity>();
  readonly requests: StubRequest[] = [];
  readonly sent: { from: string; to: string[]; subject: string; text: string }[] = [];
  private throttled = 0;
  private failing = 0;
  private isDown = false;
  private held: (() => void)[] | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<SesStub> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stub = new SesStub(server, (server.address() as { port: number }).port);
    server.on('request', (req, res) => void stub.handle(req, res));
    server.on('connection', (socket) => {
      stub.sockets.add(socket);
      socket.on('close', () => stub.sockets.delete(socket));
      if (stub.isDown) socket.destroy();
    });
    return stub;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `n` requests answer 429 TooManyRequestsException. */
  throttle(n: number): this {
    this.throttled = n;
    return this;
  }

  /** The next `n` requests answer 500, with a body that must never reach a log or an answer. */
  fail(n: number): this {
    this.failing = n;
    return this;
  }

  /** Every connection is reset until `up()`: SES cannot be reached. */
  down(): this {
    this.isDown = true;
    for (const socket of this.sockets) socket.destroy();
    return this;
  }

  up(): this {
    this.isDown = false;
    return this;
  }

  /** Requests are received (and listed) but not answered until `release()`: a call in flight, for as long as a test needs. */
  hold(): this {
    this.held ??= [];
    return this;
  }

  /** Answers the held requests, and the next ones at once. */
  release(): this {
    const held = this.held ?? [];
    this.held = null;
    for (const answer of held) answer();
    return this;
  }

  /** SES's verdict on an identity's DKIM (and, optionally, its MAIL FROM). */
  verdict(domain: string, dkimStatus: string, errorType?: string, mailFromStatus?: string): this {
    const identity = this.identities.get(domain);
    if (!identity) throw new Error(`the stub has no identity ${domain}`);
    identity.dkimStatus = dkimStatus;
    identity.errorType = errorType;
    if (mailFromStatus && identity.mailFrom) identity.mailFrom.status = mailFromStatus;
    return this;
  }

  /** Requests of one operation, e.g. `POST /v2/email/identities`. */
  calls(method: string, prefix: string): StubRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    this.requests.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    const send = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomBytes(8).toString('hex'), ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(JSON.stringify(payload));
    };
    if (this.throttled > 0) {
      this.throttled--;
      return send(429, { message: 'Rate exceeded' }, 'TooManyRequestsException');
    }
    if (this.failing > 0) {
      this.failing--;
      return send(500, { message: 'internal failure SECRET-RESPONSE-BODY' }, 'InternalFailure');
    }
    const identityPath = /^\/v2\/email\/identities\/([^/]+)(\/mail-from)?$/.exec(path);
    if (req.method === 'POST' && path === '/v2/email/identities') {
      const name = String(body.EmailIdentity);
      if (this.identities.has(name)) return send(400, { message: `Email identity ${name} already exist.` }, 'AlreadyExistsException');
      const identity: StubIdentity = {
        tokens: Array.from({ length: 3 }, () => randomBytes(16).toString('hex')),
        dkimStatus: 'PENDING',
        signingKeyLength: (body.DkimSigningAttributes as { NextSigningKeyLength?: string } | undefined)?.NextSigningKeyLength,
      };
      this.identities.set(name, identity);
      return send(200, { IdentityType: 'DOMAIN', VerifiedForSendingStatus: false, DkimAttributes: { SigningEnabled: true, Status: 'PENDING', Tokens: identity.tokens } });
    }
    if (identityPath) {
      const name = identityPath[1]!;
      const identity = this.identities.get(name);
      if (!identity) return send(404, { message: `Email identity ${name} does not exist.` }, 'NotFoundException');
      if (req.method === 'GET' && !identityPath[2]) {
        return send(200, {
          IdentityType: 'DOMAIN',
          VerifiedForSendingStatus: identity.dkimStatus === 'SUCCESS',
          VerificationStatus: identity.dkimStatus,
          ...(identity.errorType ? { VerificationInfo: { ErrorType: identity.errorType } } : {}),
          DkimAttributes: { SigningEnabled: true, Status: identity.dkimStatus, Tokens: identity.tokens, SigningAttributesOrigin: 'AWS_SES' },
          ...(identity.mailFrom ? { MailFromAttributes: { MailFromDomain: identity.mailFrom.domain, MailFromDomainStatus: identity.mailFrom.status, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' } } : {}),
        });
      }
      if (req.method === 'DELETE' && !identityPath[2]) {
        this.identities.delete(name);
        return send(200, {});
      }
      if (req.method === 'PUT' && identityPath[2]) {
        identity.mailFrom = { domain: String(body.MailFromDomain), status: 'PENDING' };
        return send(200, {});
      }
    }
    if (req.method === 'POST' && path === '/v2/email/outbound-emails') {
      const content = body.Content as { Simple: { Subject: { Data: string }; Body: { Text: { Data: string } } } };
      this.sent.push({
        from: String(body.FromEmailAddress),
        to: (body.Destination as { ToAddresses: string[] }).ToAddresses,
        subject: content.Simple.Subject.Data,
        text: content.Simple.Body.Text.Data,
      });
      return send(200, { MessageId: randomBytes(8).toString('hex') });
    }
    send(404, { message: `no route ${req.method} ${path}` }, 'NotFoundException');
  }
}
