import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable, of, catchError } from 'rxjs';
import { Idempotency } from '#idempotency';
import type { Principal } from '#iam';
import { DomainError } from '#shared-kernel';
import { requestOf, responseOf } from './http-platform.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * `Idempotency-Key` on POST routes: a retried request (same key, same API key, same method, path
 * and body) gets the first answer again, marked `Idempotent-Replayed: true`; the same key with
 * another request is a 409. Only successful answers are kept: an error leaves the key free, so
 * the retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: Idempotency) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = requestOf(context);
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    const sent = req.headers['idempotency-key'];
    if (req.method !== 'POST' || sent === undefined || !principal) return next.handle();
    if (Array.isArray(sent)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be given once', { field: IDEMPOTENCY_HEADER });
    const res = responseOf(context);
    const begun = await this.idempotency.begin(principal.keyId, sent, { method: req.method, path: req.url, body: req.body });
    if (begun.kind === 'replay') {
      res.setStatus(begun.answer.status);
      res.setHeader('Idempotent-Replayed', 'true');
      return of(begun.answer.body);
    }
    return next.handle().pipe(
      mergeMap((body) => from(begun.finish({ status: res.status(), body }).then(() => body))),
      catchError((error: unknown) => from(begun.abandon().then(() => Promise.reject(error)))),
    );
  }
}
