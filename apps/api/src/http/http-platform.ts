import type { IncomingMessage } from 'node:http';
import type { ArgumentsHost, INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

/**
 * Everything that depends on the HTTP platform (Express today) in one place: request parsing and
 * its limits, and how filters read the request and write an answer. The rest of the app only
 * sees these functions, so another platform (Fastify) replaces this file alone.
 */
export const HTTP_LIMITS = {
  /** largest JSON body accepted */
  bodyBytes: 100 * 1024,
  /** deepest nesting of objects and arrays in a JSON body (the deepest request needs 3) */
  jsonDepth: 16,
} as const;

/** Methods whose requests carry a body this API reads; bodies of other methods are ignored. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/** An error shaped like the `http-errors` ones body-parser raises, which Nest maps by status. */
export function requestError(status: 400 | 415, type: string, message: string, details: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type, ...details });
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A body that is not JSON (a form, plain text, none declared) is refused before it is read. */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(req.method) || !hasBody(req)) return next();
  const type = req.headers['content-type'];
  if (type !== undefined && JSON_TYPE.test(type)) return next();
  next(
    requestError(
      415,
      'content-type.unsupported',
      type === undefined
        ? 'The request has a body but no Content-Type: send it as Content-Type: application/json'
        : `Content-Type must be application/json, got "${type.split(';')[0]!.trim()}"`,
    ),
  );
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

/** Installs request parsing and the platform's settings on a freshly created application. */
export function configureHttpPlatform(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // security headers (helmet); the API answers JSON, so its CSP forbids everything, but Swagger UI needs its scripts and styles
  const strict = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const docs = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } } });
  express.use((req: Request, res: Response, next: NextFunction) => (req.path === '/docs' || req.path.startsWith('/docs/') ? docs : strict)(req, res, next));
  express.use(requireJsonBody);
  express.use(
    json({
      limit: HTTP_LIMITS.bodyBytes,
      type: (req: IncomingMessage) => BODY_METHODS.has(req.method ?? '') && JSON_TYPE.test(req.headers['content-type'] ?? ''),
      verify: (_req, _res, raw: Buffer) => assertJsonDepth(raw),
    }),
  );
}

/** The request an exception filter is handling: method, full URL and query. */
export function requestOf(host: ArgumentsHost): { method: string; url: string; query: Record<string, unknown> } {
  const req = host.switchToHttp().getRequest<Request>();
  return { method: req.method, url: req.originalUrl, query: req.query as Record<string, unknown> };
}

/** Writes an error answer (filters); `headers` e.g. Retry-After. */
export function reply(host: ArgumentsHost, status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  const res = host.switchToHttp().getResponse<Response>();
  res.status(status).set(headers).type(contentType).send(JSON.stringify(body));
}
