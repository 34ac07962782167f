import { HttpException } from '@nestjs/common';
import { HTTP_LIMITS } from '../http/http-platform.js';

/** A problem with the request itself, found by the framework before any handler ran. */
export interface RequestProblem {
  status: 400 | 404 | 413 | 415;
  message: string;
}

/** A size in words: `100 kB`, `25 MB`. */
const size = (bytes: number) => (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${Math.round(bytes / 1024)} kB`);

const BY_TYPE: Record<string, (cause: { message?: string; encoding?: string; charset?: string }) => RequestProblem> = {
  'entity.parse.failed': () => ({ status: 400, message: 'Invalid request body: it must be a well-formed JSON object' }),
  'entity.too.large': (c) => ({ status: 413, message: `Request body is too large (at most ${size(Number((c as { limitBytes?: string }).limitBytes ?? HTTP_LIMITS.bodyBytes))})` }),
  'entity.decode.failed': (c) => ({ status: 400, message: c.message ?? 'The body could not be decompressed' }),
  'entity.too.deep': (c) => ({ status: 400, message: c.message ?? 'The JSON body is nested too deeply' }),
  'content-type.unsupported': (c) => ({ status: 415, message: c.message ?? 'Content-Type must be application/json' }),
  'encoding.unsupported': (c) => ({
    status: 415,
    message: `Content-Encoding "${c.encoding ?? 'unknown'}" is not supported: send the body uncompressed, or as gzip, deflate or br`,
  }),
  'charset.unsupported': (c) => ({ status: 415, message: `Charset "${c.charset ?? 'unknown'}" is not supported: send JSON in UTF-8` }),
};

/**
 * What a framework error says about the request (malformed or oversized body, wrong media type,
 * no such route, other bad input), or undefined for anything else: a bug, answered 500 and logged.
 * The body parser's errors (http-platform.ts) carry a `type`; Fastify's own (a malformed URL, an
 * over-long parameter) a 4xx `statusCode`; Nest's arrive as HttpExceptions.
 */
export function requestProblemOf(error: unknown): RequestProblem | undefined {
  const status = error instanceof HttpException ? error.getStatus() : ((error as { status?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode);
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const cause = (error instanceof HttpException ? error.cause : error) as { type?: unknown } | undefined;
  const byType = typeof cause?.type === 'string' ? BY_TYPE[cause.type] : undefined;
  if (byType) return byType(cause as Parameters<typeof byType>[0]);
  if (status === 404) return { status: 404, message: 'No such route' };
  if (status === 413) return BY_TYPE['entity.too.large']!({});
  if (status === 414) return { status: 400, message: 'The URL or one of its parameters is too long' };
  if (status === 415) return { status: 415, message: 'Content-Type must be application/json' };
  return { status: 400, message: 'Invalid request parameters' };
}
