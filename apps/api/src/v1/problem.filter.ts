import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorCode } from '#shared-kernel';
import { httpStatusOf, isMalformedBody } from '../common/http-status.js';

const STATUS: Record<DomainErrorCode, number> = {
  DOMAIN_INVALID: 400,
  DOMAIN_EMPTY: 400,
  ACCOUNT_INVALID: 400,
  VALIDATION_FAILED: 400,
  DOMAIN_EXISTS: 409,
  DOMAIN_NOT_FOUND: 404,
  RECORDS_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  INVALID_STATE_TRANSITION: 409,
  CONCURRENT_MODIFICATION: 409,
  VERIFICATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The native API's errors: RFC 9457 problem+json with a stable `code`. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NativeApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    let status = 500;
    let code = 'INTERNAL';
    let detail = 'Internal server error';
    let extra: Record<string, unknown> = {};
    if (error instanceof DomainError) {
      status = STATUS[error.code];
      code = error.code;
      detail = error.message;
      extra = error.details;
    } else {
      const httpStatus = httpStatusOf(error);
      if (typeof httpStatus === 'number' && httpStatus >= 500) {
        status = httpStatus;
        code = 'UNAVAILABLE';
        detail = error instanceof Error ? error.message : 'Service unavailable';
      } else if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
        status = httpStatus === 413 ? 400 : httpStatus;
        code = httpStatus === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
        detail =
          httpStatus === 404
            ? 'No such route'
            : httpStatus === 413
              ? 'Request body is too large (at most 100 kB)'
              : isMalformedBody(error)
                ? 'Invalid request body: it must be a well-formed JSON object'
                : 'Invalid request parameters';
      }
    }
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    response
      .status(status)
      .type('application/problem+json')
      .json({ type: `about:blank`, title: TITLES[status] ?? 'Error', status, code, detail, instance: request.originalUrl, ...extra });
  }
}
