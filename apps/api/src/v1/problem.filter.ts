import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '#shared-kernel';
import { requestProblemOf } from '../common/request-errors.js';
import { describeUnavailable, healthChecksOf, isDependencyUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../common/unavailable.js';
import { reply, requestOf } from '../http/http-platform.js';

const STATUS: Record<DomainErrorCode, number> = {
  DOMAIN_INVALID: 400,
  DOMAIN_EMPTY: 400,
  ACCOUNT_INVALID: 400,
  VALIDATION_FAILED: 400,
  DOMAIN_EXISTS: 409,
  DOMAIN_NOT_FOUND: 404,
  RECORDS_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  LAST_MANAGER_KEY: 409,
  INVALID_TRANSITION: 409,
  CONCURRENT_MODIFICATION: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  VERIFICATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  DKIM_KEYS_NOT_FOUND: 404,
  STANDBY_NOT_PUBLISHED: 409,
  NOT_SIGNABLE: 422,
  WEBHOOK_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  WEBHOOK_DISABLED: 409,
  DELIVERY_IN_PROGRESS: 409,
};

/** The native API's name for a domain error code, where it differs (the seeds' vocabulary). */
const NATIVE_CODES: Partial<Record<DomainErrorCode, string>> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  PERMISSION_DENIED: 'FORBIDDEN',
  DOMAIN_EMPTY: 'VALIDATION_FAILED',
  ACCOUNT_INVALID: 'VALIDATION_FAILED',
};

/** Codes of the answers that come from the framework rather than from a domain error. */
const REQUEST_CODES: Record<number, string> = { 400: 'VALIDATION_FAILED', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The native API's errors: RFC 9457 problem+json with a stable `code`. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NativeApi');

  catch(error: unknown, host: ArgumentsHost): void {
    let status = 500;
    let code = 'INTERNAL';
    let detail = 'Internal server error';
    let extra: Record<string, unknown> = {};
    let headers: Record<string, string> = {};
    if (error instanceof DomainError) {
      status = STATUS[error.code];
      code = NATIVE_CODES[error.code] ?? error.code;
      detail = error.message;
      extra = error.details;
    } else if (error instanceof HttpException && error.getStatus() === 429) {
      status = 429;
      code = 'RATE_LIMITED';
      detail = error.message;
    } else if (isDependencyUnavailable(error)) {
      status = 503;
      code = 'UNAVAILABLE';
      const checks = healthChecksOf(error);
      detail = checks ? `Not ready: ${Object.keys(checks.failed).join(', ')} down` : error instanceof HttpException ? error.message : UNAVAILABLE_MESSAGE;
      if (checks) extra = { checks: checks.all };
      headers = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
    } else {
      const problem = requestProblemOf(error);
      if (problem) {
        status = problem.status;
        code = REQUEST_CODES[problem.status]!;
        detail = problem.message;
      }
    }
    if (status === 503) this.logger.warn(`${requestOf(host).url}: ${describeUnavailable(error)}`);
    else if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    const body = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail, instance: requestOf(host).url, ...extra };
    reply(host, status, body, PROBLEM_CONTENT_TYPE, headers);
  }
}
