import { HttpException } from '@nestjs/common';

/**
 * The HTTP status a framework error stands for: a Nest HttpException's, or the `status` that
 * body-parser puts on its errors (400 malformed JSON, 413 too large, 415 bad charset).
 * Undefined for anything else (a bug: the filters answer 500 and log it).
 */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/**
 * body-parser could not parse the body (malformed JSON, or not an object/array in strict mode).
 * Nest's Express adapter hands it on wrapped in a BadRequestException whose `cause` it is.
 */
export function isMalformedBody(error: unknown): boolean {
  const e = error as { type?: unknown; cause?: { type?: unknown } } | null;
  return e?.type === 'entity.parse.failed' || e?.cause?.type === 'entity.parse.failed';
}
