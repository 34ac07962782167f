import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { CM_PREFIX } from '../email-configuration-v1/cm-envelope.js';
import { CmExceptionFilter } from '../email-configuration-v1/cm-exception.filter.js';
import { requestOf } from '../http/http-platform.js';
import { ProblemExceptionFilter } from '../v1/problem.filter.js';

/**
 * Catches what happens outside controllers (malformed JSON, oversized bodies, unknown routes) and
 * hands it to the filter of the API surface the URL belongs to, so every answer has that
 * surface's envelope.
 */
@Catch()
export class SurfaceExceptionFilter implements ExceptionFilter {
  private readonly cm = new CmExceptionFilter();
  private readonly problem = new ProblemExceptionFilter();

  catch(error: unknown, host: ArgumentsHost): void {
    const { url } = requestOf(host);
    (url.startsWith(`${CM_PREFIX}/`) ? this.cm : this.problem).catch(error, host);
  }
}
