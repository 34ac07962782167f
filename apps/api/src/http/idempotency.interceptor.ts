import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable, of, catchError } from 'rxjs';
import { Idempotency } from '#idempotency';
import type { Principal } from '#iam';
import { DomainError } from '#shared-kernel';

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
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const sent = req.headers['idempotency-key'];
    if (req.method !== 'POST' || sent === undefined || !req.principal) return next.handle();
    if (Array.isArray(sent)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be given once', { field: IDEMPOTENCY_HEADER });
    const res = context.switchToHttp().getResponse<Response>();
    const begun = await this.idempotency.begin(req.principal.keyId, sent, { method: req.method, path: req.originalUrl, body: req.body as unknown });
    if (begun.kind === 'replay') {
      res.status(begun.answer.status).setHeader('Idempotent-Replayed', 'true');
      return of(begun.answer.body);
    }
    return next.handle().pipe(
      mergeMap((body) => from(begun.finish({ status: res.statusCode, body }).then(() => body))),
      catchError((error: unknown) => from(begun.abandon().then(() => Promise.reject(error)))),
    );
  }
}
