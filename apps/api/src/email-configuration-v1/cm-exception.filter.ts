import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '#shared-kernel';
import { requestProblemOf } from '../common/request-errors.js';
import { describeUnavailable, isDependencyUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../common/unavailable.js';
import { reply, requestOf } from '../http/http-platform.js';
import { type CmRoute, cmBody, cmRouteOf } from './cm-envelope.js';

interface Answer {
  status: number;
  code: string;
  message: string;
}

const NOT_FOUND_MESSAGES: Partial<Record<CmRoute, Answer>> = {
  verify: { status: 400, code: 'InvalidRequest', message: 'Domain not found or not configured for this account' },
  deleteDomain: { status: 404, code: 'NotFound', message: 'Domain not found' },
  getDnsRecords: { status: 404, code: 'NotFound', message: 'DNS records not found for the specified domain' },
};

/** Seed 000's `statusCode` per HTTP status, for the answers the seed does not show. */
const CODES: Record<number, string> = { 400: 'InvalidRequest', 401: 'Unauthorized', 404: 'NotFound', 409: 'Conflict', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 503: 'ServiceUnavailable' };

/** Maps domain errors (and framework errors) to seed 000's status codes, codes and envelopes. */
export function cmAnswerFor(error: unknown, route: CmRoute): Answer {
  if (error instanceof DomainError) {
    switch (error.code) {
      case 'DOMAIN_NOT_FOUND':
      case 'RECORDS_NOT_FOUND':
        return NOT_FOUND_MESSAGES[route] ?? { status: 404, code: 'NotFound', message: 'Resource not found' };
      case 'UNAUTHENTICATED':
      case 'PERMISSION_DENIED':
        return { status: 401, code: 'Unauthorized', message: error.code === 'PERMISSION_DENIED' ? 'Access denied - insufficient permissions' : `Access denied - ${error.message}` };
      case 'VERIFICATION_FAILED':
        return { status: 400, code: 'InvalidRequest', message: 'unable to verify domain' };
      case 'CONCURRENT_MODIFICATION':
      case 'IDEMPOTENCY_KEY_REUSED':
      case 'IDEMPOTENCY_IN_PROGRESS':
        return { status: 409, code: 'Conflict', message: error.message };
      default:
        return { status: 400, code: 'InvalidRequest', message: error.message };
    }
  }
  if (error instanceof HttpException && error.getStatus() === 429) return { status: 429, code: 'TooManyRequests', message: error.message };
  if (isDependencyUnavailable(error)) return { status: 503, code: CODES[503]!, message: UNAVAILABLE_MESSAGE };
  const problem = requestProblemOf(error);
  if (problem?.status === 404) return { status: 404, code: 'NotFound', message: 'Resource not found' };
  if (problem) return { status: problem.status, code: CODES[problem.status]!, message: problem.message };
  return { status: 500, code: 'InternalServerError', message: 'Internal server error' };
}

@Catch()
export class CmExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('EmailConfigurationApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = requestOf(host);
    const route = cmRouteOf(request.method, request.url);
    const answer = cmAnswerFor(error, route);
    if (answer.status === 503) this.logger.warn(`${request.url}: ${describeUnavailable(error)}`);
    else if (answer.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    const headers: Record<string, string> = answer.status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
    reply(host, answer.status, cmBody(route, answer.code, answer.message), 'application/json', headers);
  }
}
