import type { IncomingMessage } from 'node:http';
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
} as const;

/** Methods whose requests carry a body this API reads; bodies of other methods are read and ignored. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** A problem with the request found while parsing it, mapped to an answer by requestProblemOf. */
export function requestError(status: 400 | 415, type: string, message: string, details: Record<string, string> = {}): Error {
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

/** Reads the whole (decoded) body, refusing it as soon as it passes HTTP_LIMITS.bodyBytes. */
function readBody(payload: IncomingMessage): Promise<Buffer> {
  const declared = Number(payload.headers['content-length']);
  const identity = payload.headers['content-encoding'] === undefined;
  if (identity && declared > HTTP_LIMITS.bodyBytes) return Promise.reject(requestError(400, 'entity.too.large', 'Request body is too large'));
  const stream = decoded(payload);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > HTTP_LIMITS.bodyBytes) {
        reject(requestError(400, 'entity.too.large', 'Request body is too large'));
        stream.off('data', onData);
        if (stream !== payload) stream.destroy();
        payload.resume(); // the rest is read and dropped, so the connection stays usable
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(Buffer.concat(chunks, size)));
    stream.on('error', (error: Error & { code?: string }) =>
      reject(stream === payload ? error : requestError(400, 'entity.decode.failed', `The body could not be decompressed: ${error.message}`)),
    );
  });
}

/**
 * The one content-type parser: JSON bodies of POST/PUT/PATCH (decompressed, at most
 * HTTP_LIMITS.bodyBytes, UTF-8, an object or array, no deeper than HTTP_LIMITS.jsonDepth); any
 * other media type is a 415 before the body is read; bodies of other methods are dropped.
 */
async function parseJsonBody(request: FastifyRequest, payload: IncomingMessage): Promise<unknown> {
  if (!BODY_METHODS.has(request.method)) {
    payload.resume();
    return undefined;
  }
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

export function configureHttpPlatform(app: INestApplication, observer: RequestObserver): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', parseJsonBody);
  fastify.addHook('onRequest', (request, reply, done) => {
    commonHeaders(request, reply);
    observer.enter(request.id, done);
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
