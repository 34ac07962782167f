import { HttpException, HttpStatus } from '@nestjs/common';
import { isTransactionConflict } from '#shared-kernel';

/** Seconds a client is told to wait (Retry-After) when a dependency does not answer. */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_MESSAGE = `The service cannot reach its database right now; retry in ${RETRY_AFTER_SECONDS} seconds`;

/** Socket-level failures: the database (or another dependency) cannot be reached right now. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * PostgreSQL SQLSTATEs that say the server, not the statement, is the problem: connection
 * exceptions (class 08), the server shutting down or starting (57P01–57P03), too many connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres says a lost or unreachable server in these words, without a code. */
const POOL_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/** TypeORM's errors for a statement on a connection it released after the server dropped it. */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * Whether an error means a dependency (the database) does not answer, rather than a bug or bad
 * input: such a request is answered 503 with Retry-After, in the surface's envelope. Follows
 * TypeORM's `driverError`, `cause` and AggregateError's `errors`.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  if (error instanceof HttpException) return error.getStatus() === HttpStatus.SERVICE_UNAVAILABLE;
  // a deadlock or serialisation failure that outlasted the unit of work's retries: busy, not broken
  if (isTransactionConflict(error)) return true;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || (/^[0-9A-Z]{5}$/.test(e.code) && isUnavailableSqlState(e.code)))) return true;
  // TypeORM releases a transaction's connection when the server drops it; the next statement says so
  if (RELEASED_RUNNER_ERRORS.has(String((error as { name?: unknown }).name))) return true;
  if (typeof e.message === 'string' && POOL_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDependencyUnavailable(inner, depth + 1))) return true;
  return isDependencyUnavailable(e.driverError, depth + 1) || isDependencyUnavailable(e.cause, depth + 1);
}

/** One line on what did not answer, for the log (never a stack per request during an outage). */
export function describeUnavailable(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; driverError?: { message?: unknown } } | null;
  const message = typeof e?.driverError?.message === 'string' ? e.driverError.message : typeof e?.message === 'string' ? e.message : String(error);
  return `unavailable: ${message || (typeof e?.code === 'string' ? e.code : 'unknown cause')}`;
}

/** The probes' results carried by a failed health check (@nestjs/terminus), if this is one. */
export function healthChecksOf(error: unknown): { all: Record<string, unknown>; failed: Record<string, unknown> } | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const body = error.getResponse() as { details?: unknown; error?: unknown } | string;
  if (typeof body !== 'object' || typeof body.details !== 'object' || body.details === null) return undefined;
  return { all: body.details as Record<string, unknown>, failed: (body.error ?? {}) as Record<string, unknown> };
}
