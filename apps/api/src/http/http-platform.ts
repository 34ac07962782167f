import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type Socket, Server as TcpServer } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { ArgumentsHost, INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/**
 * Everything that depends on the HTTP platform (Fastify, through @nestjs/platform-fastify) in one
 * place: the adapter and its settings, request parsing and its limits, security headers, timing,
 * and how guards, interceptors and filters read the request and write an answer. The rest of the
 * app only sees these functions.
 */
export const HTTP_LIMITS = {
  /** largest JSON body accepted (after decompression) */
  bodyBytes: 100 * 1024,
  /** deepest nesting of objects and arrays in a JSON body (the deepest request needs 3) */
  jsonDepth: 16,
  /** a refused body that says (Content-Length) it has at most this much is read to its end: its connection stays usable */
  drainBytes: 8 * 1024 * 1024,
  /** a refused body is read and dropped for at most this long and this much; then its connection is cut */
  discardMs: 5_000,
  discardBytes: 64 * 1024 * 1024,
} as const;

/** Methods whose requests carry a body this API reads; bodies of other methods are read and ignored. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** A problem with the request found while parsing it, mapped to an answer by requestProblemOf. */
export function requestError(status: 400 | 413 | 415, type: string, message: string, details: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type, ...details });
}

/**
 * Refuses JSON nested deeper than HTTP_LIMITS.jsonDepth by scanning the raw bytes, before
 * JSON.parse or any validator recurses into it.
 */
export function assertJsonDepth(raw: Buffer, limit = HTTP_LIMITS.jsonDepth): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) {
        throw requestError(400, 'entity.too.deep', `The JSON body is nested more than ${limit} levels deep`);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** The body as sent, decompressed as its Content-Encoding says (identity, gzip, deflate or br). */
function decoded(payload: IncomingMessage): Readable {
  const encoding = (payload.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder =
    encoding === 'identity' ? undefined
    : encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip()
    : encoding === 'deflate' ? createInflate()
    : encoding === 'br' ? createBrotliDecompress()
    : null;
  if (decoder === null) throw requestError(415, 'encoding.unsupported', `Unsupported Content-Encoding ${encoding}`, { encoding });
  if (!decoder) return payload;
  payload.on('error', (error) => decoder.destroy(error));
  return payload.pipe(decoder);
}

/** Requests whose body was refused, and whether the answer may keep their connection open. */
const refusedBodies = new WeakMap<IncomingMessage, { keepAlive: boolean }>();

/**
 * Reads the rest of a refused body and drops it (raw, never decompressed), so that the answer
 * reaches a client that is still sending: a connection closed with bytes still arriving is reset
 * by the kernel (TCP RST), and the reset can destroy the answer before the client has read it.
 *
 * A body that says it fits HTTP_LIMITS.drainBytes is read to its end and the connection stays
 * usable. Any other is answered with `Connection: close` and the connection lingers: our side is
 * closed once the answer is out, theirs is read and dropped until the client has sent everything
 * or closes. Either way the connection is cut after HTTP_LIMITS.discardMs or discardBytes.
 */
function discardBody(payload: IncomingMessage): void {
  if (refusedBodies.has(payload)) return;
  const length = payload.headers['content-length'];
  const keepAlive = payload.complete || (length !== undefined && Number(length) <= HTTP_LIMITS.drainBytes);
  refusedBodies.set(payload, { keepAlive });
  const socket = payload.socket;
  if (payload.complete || socket.destroyed) return;
  const destroySoon = socket.destroySoon.bind(socket);
  let lingering = false;
  let dropped = 0;
  const deadline = setTimeout(() => socket.destroy(), HTTP_LIMITS.discardMs);
  const settle = () => clearTimeout(deadline);
  socket.once('close', settle);
  payload.on('data', (chunk: Buffer) => {
    if ((dropped += chunk.length) > HTTP_LIMITS.discardBytes) socket.destroy();
  });
  payload.once('end', () => {
    if (lingering) return destroySoon(); // the client has sent everything: close once the answer is flushed
    settle();
    socket.off('close', settle);
    socket.destroySoon = destroySoon; // the connection goes on to its next request
  });
  // Node ends the connection of a `Connection: close` answer with destroySoon(), which destroys
  // the socket as soon as the answer is flushed; while the body is still arriving, only our side
  // is closed.
  socket.destroySoon = () => {
    if (payload.complete) return destroySoon();
    lingering = true;
    socket.end();
  };
  payload.resume();
}

/** Reads the whole (decoded) body, refusing it as soon as it passes `limit` bytes. */
function readBody(payload: IncomingMessage, limit: number = HTTP_LIMITS.bodyBytes): Promise<Buffer> {
  const tooLarge = () => requestError(413, 'entity.too.large', 'Request body is too large', { limitBytes: String(limit) });
  const declared = Number(payload.headers['content-length']);
  const identity = payload.headers['content-encoding'] === undefined;
  if (identity && declared > limit) {
    discardBody(payload);
    return Promise.reject(tooLarge());
  }
  const stream = decoded(payload);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    /** Stops reading the body, and drops the rest of it undecoded. */
    const stop = () => {
      stream.off('data', onData);
      if (stream !== payload) {
        payload.unpipe(); // into the decoder, its only destination
        stream.destroy();
      }
      discardBody(payload);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(Buffer.concat(chunks, size)));
    stream.on('error', (error: Error & { code?: string }) => {
      if (stream === payload) return reject(error);
      stop();
      reject(requestError(400, 'entity.decode.failed', `The body could not be decompressed: ${error.message}`));
    });
  });
}

/**
 * The one content-type parser: JSON bodies of POST/PUT/PATCH (decompressed, at most
 * HTTP_LIMITS.bodyBytes, UTF-8, an object or array, no deeper than HTTP_LIMITS.jsonDepth); any
 * other media type is a 415 before the body is read; bodies of other methods are dropped. The
 * rest of a refused body is read and dropped (discardBody).
 */
/** A route that takes its body as bytes of another media type (a message to sign), and how many. */
export interface RawBodyRoute {
  /** the media type it takes, e.g. `message/rfc822` */
  type: string;
  maxBytes: number;
}

/** Raw-body routes by route pattern, per application (see configureHttpPlatform). */
const rawRoutes = new WeakMap<object, Map<string, RawBodyRoute>>();

async function parseJsonBody(request: FastifyRequest, payload: IncomingMessage): Promise<unknown> {
  if (!BODY_METHODS.has(request.method)) {
    payload.resume();
    return undefined;
  }
  try {
    const raw = rawRoutes.get(request.server)?.get(request.routeOptions.url ?? '');
    return await (raw ? parseRaw(request, payload, raw) : parseJson(request, payload));
  } catch (error) {
    discardBody(payload);
    throw error;
  }
}

/** The body of a raw-body route, as a Buffer of at most `route.maxBytes` (decompressed). */
async function parseRaw(request: FastifyRequest, payload: IncomingMessage, route: RawBodyRoute): Promise<Buffer> {
  const type = request.headers['content-type'];
  if (type === undefined || type.split(';')[0]!.trim().toLowerCase() !== route.type) {
    throw requestError(415, 'content-type.unsupported', `Content-Type must be ${route.type} (the raw message), got ${type === undefined ? 'none' : `"${type.split(';')[0]!.trim()}"`}`);
  }
  return readBody(payload, route.maxBytes);
}

async function parseJson(request: FastifyRequest, payload: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type)) {
    throw requestError(
      415,
      'content-type.unsupported',
      type === undefined
        ? 'The request has a body but no Content-Type: send it as Content-Type: application/json'
        : `Content-Type must be application/json, got "${type.split(';')[0]!.trim()}"`,
    );
  }
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw requestError(415, 'charset.unsupported', `Unsupported charset ${charset}`, { charset });
  }
  const raw = await readBody(payload);
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  if (text[0] !== '{' && text[0] !== '[') throw requestError(400, 'entity.parse.failed', 'The body is not a JSON object or array');
  assertJsonDepth(raw);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw requestError(400, 'entity.parse.failed', 'The body is not well-formed JSON');
  }
}

/** During a drain, a connection without a request for this long is closed (see Connections). */
const IDLE_CLOSE_MS = 1_000;

/**
 * The HTTP server's connections, tracked from the start, so that a shutdown can close every one of
 * them without cutting a request (drain). A kept-alive connection closed while its client sends
 * the next request on it loses that request (the client sees a reset, or "other side closed"), and
 * Node's `server.close()` and `closeIdleConnections()` close every connection that is between two
 * requests, where a client that keeps sending spends much of its time.
 */
class Connections {
  /** per connection: its answers not done yet, and since when it has had none */
  private readonly open = new Map<Socket, { answers: Set<ServerResponse>; idleSince: number }>();
  draining = false;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.open.set(socket, { answers: new Set(), idleSince: performance.now() });
      socket.once('close', () => this.open.delete(socket));
    });
    // before Fastify's listener, so the header is there before anything can answer
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const connection = this.open.get(req.socket);
      if (!connection) return;
      connection.answers.add(res);
      if (this.draining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        const done = () => {
          connection.answers.delete(res);
          connection.idleSince = performance.now();
        };
        // a body still arriving after its answer (a refused one, being dropped) keeps the connection busy
        if (req.complete) done();
        else req.once('end', done);
      });
    });
  }

  /**
   * Stops accepting connections and resolves once every one has closed: each answer from now on
   * (and each under way that has not started) says `Connection: close`, so its connection closes
   * right after it; a connection without a request for IDLE_CLOSE_MS is closed (a client still
   * using it would have sent its next request by then); after `graceMs` the rest are closed.
   */
  drain(graceMs: number, onForce: (open: number) => void): Promise<void> {
    this.draining = true;
    for (const { answers } of this.open.values()) {
      for (const res of answers) if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    return new Promise((resolve) => {
      const closeIdle = () => {
        const now = performance.now();
        for (const [socket, { answers, idleSince }] of this.open) if (answers.size === 0 && now - idleSince >= IDLE_CLOSE_MS) socket.destroy();
      };
      const sweep = setInterval(closeIdle, 50);
      const force = setTimeout(() => {
        onForce([...this.open.values()].filter((c) => c.answers.size > 0).length);
        for (const socket of this.open.keys()) socket.destroy();
      }, graceMs);
      // net's close, not http's: http's also closes at once every connection between two requests
      TcpServer.prototype.close.call(this.server, () => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      closeIdle();
    });
  }
}

const trackers = new WeakMap<INestApplication, Connections>();

/**
 * Shutdown's first step: refuses new connections and resolves once every request in flight has
 * been answered and every connection closed (see Connections.drain); after `graceMs` the
 * connections still open are closed and `onForce` is told how many had a request under way.
 */
export function drainConnections(app: INestApplication, graceMs: number, onForce: (open: number) => void): Promise<void> {
  const connections = trackers.get(app);
  if (!connections) throw new Error('drainConnections: configureHttpPlatform was not called on this application');
  return connections.drain(graceMs, onForce);
}

/**
 * The security headers helmet sets, worked out once: they are the same on every answer (no CSP
 * nonces), so a request costs one `reply.headers()` instead of helmet's fourteen middlewares.
 */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, res as never, (error?: unknown) => void (failed = error));
  if (failed) throw failed;
  return headers;
}

/** The API answers JSON, so its CSP forbids everything; Swagger UI needs its scripts and styles. */
const STRICT_HEADERS = helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
const DOCS_HEADERS = helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } } });

/** Every answer's security headers and its request id (X-Request-Id). */
function commonHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?', 1)[0]!;
  void reply.headers(path === '/docs' || path.startsWith('/docs/') ? DOCS_HEADERS : STRICT_HEADERS).header('X-Request-Id', request.id);
}

/**
 * The HTTP platform: Fastify, with route parameters long enough for any domain name, and every
 * request's id made by `requestId` (answered in X-Request-Id, and on every log line). A URL the
 * router cannot read (bad percent-encoding) goes to the same error handler as every other error,
 * so it is answered in the surface's envelope, with the security headers.
 */
export function createHttpAdapter(requestId: (req: IncomingMessage) => string): FastifyAdapter {
  const adapter: FastifyAdapter = new FastifyAdapter({
    genReqId: requestId, // (no bodyLimit: parseJsonBody reads bodies itself and counts after decompression)
    routerOptions: { maxParamLength: 1024, ignoreTrailingSlash: true },
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      commonHeaders(request, reply);
      void adapter.getInstance().errorHandler(error, request, reply);
    },
  });
  return adapter;
}

/**
 * Installs request parsing, security headers and request timing on a freshly created application
 * (before any route is registered, so every route gets them).
 */
/** What the application does around every request (logging context, metrics, the access line). */
export interface RequestObserver {
  /** Runs the rest of the request's handling (`next`) as request `id`. */
  enter(id: string, next: () => void): void;
  /** An answer was sent: `route` is the route's pattern (never the raw URL), or 'unmatched'. */
  answered(answer: { id: string; method: string; route: string; url: string; status: number; milliseconds: number }): void;
}

export function configureHttpPlatform(app: INestApplication, observer: RequestObserver, options: { rawBodies?: Record<string, RawBodyRoute> } = {}): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  rawRoutes.set(fastify, new Map(Object.entries(options.rawBodies ?? {})));
  const connections = new Connections(fastify.server);
  trackers.set(app, connections);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', parseJsonBody);
  fastify.addHook('onRequest', (request, reply, done) => {
    commonHeaders(request, reply);
    observer.enter(request.id, done);
  });
  // Fastify answers every parser error with `Connection: close`; a refused body read to its end keeps
  // the connection, unless the server is draining
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const refused = refusedBodies.get(request.raw);
    if (refused?.keepAlive && !connections.draining) reply.removeHeader('connection');
    else if (refused) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    observer.answered({ id: request.id, method: request.method, route, url: request.url, status: reply.statusCode, milliseconds: reply.elapsedTime });
    done();
  });
}

/** The request a guard, interceptor or filter is handling: method, full URL, query, headers, body, client address. */
export function requestOf(host: ArgumentsHost): {
  method: string;
  url: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  ip: string;
} {
  const req = host.switchToHttp().getRequest<FastifyRequest>();
  return { method: req.method, url: req.url, query: (req.query ?? {}) as Record<string, unknown>, headers: req.headers, body: req.body, ip: req.ip };
}

/** The answer being prepared: its status so far, and headers to add to it. */
export function responseOf(host: ArgumentsHost): { status(): number; setStatus(status: number): void; setHeader(name: string, value: string): void } {
  const res = host.switchToHttp().getResponse<FastifyReply>();
  return {
    status: () => res.statusCode,
    setStatus: (status) => void res.status(status),
    setHeader: (name, value) => void res.header(name, value),
  };
}

/** Writes an error answer (filters); `headers` e.g. Retry-After. */
export function reply(host: ArgumentsHost, status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  const res = host.switchToHttp().getResponse<FastifyReply>();
  void res.status(status).headers(headers).type(contentType).send(JSON.stringify(body));
}
