import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '#shared-kernel';
import { httpStatusOf, isMalformedBody } from '../common/http-status.js';
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
        return { status: 409, code: 'Conflict', message: error.message };
      default:
        return { status: 400, code: 'InvalidRequest', message: error.message };
    }
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    if (status === 404) return { status: 404, code: 'NotFound', message: 'Resource not found' };
    if (status === 413) return { status: 400, code: 'InvalidRequest', message: 'Request body is too large (at most 100 kB)' };
    if (isMalformedBody(error)) return { status: 400, code: 'InvalidRequest', message: 'Invalid request body: it must be a well-formed JSON object' };
    if (status === 415) return { status: 400, code: 'InvalidRequest', message: 'Content-Type must be application/json' };
    if (status < 500) return { status: 400, code: 'InvalidRequest', message: 'Invalid request parameters' };
  }
  return { status: 500, code: 'InternalServerError', message: 'Internal server error' };
}

@Catch()
export class CmExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('EmailConfigurationApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const route = cmRouteOf(request.method, request.originalUrl);
    const answer = cmAnswerFor(error, route);
    if (answer.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    response.status(answer.status).json(cmBody(route, answer.code, answer.message));
  }
}
