import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { catchError, from, lastValueFrom, mergeMap, type Observable, of } from 'rxjs';
import { Idempotency } from '#idempotency';
import type { Principal } from '#iam';
import { DomainError, RequestAnswers } from '#shared-kernel';
import { requestOf, responseOf } from './http-platform.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * `Idempotency-Key` on POST routes: a retried request (same key, same API key, same method, path
 * and body) gets the first answer again, marked `Idempotent-Replayed: true`; the same key with
 * another request is a 409. The request's handling runs with its answer to keep (RequestAnswers):
 * a route whose change a second run would not repeat harmlessly (a registration, an API key, a
 * DKIM rotation, …) stores the answer in the transaction that makes the change (see `answering`),
 * others once it has been sent. Only successful answers are kept: an error leaves the key free,
 * so the retry runs again; so does a request that died (after its lease).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: Idempotency,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = requestOf(context);
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    const sent = req.headers['idempotency-key'];
    if (req.method !== 'POST' || sent === undefined || !principal) return next.handle();
    if (Array.isArray(sent)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be given once', { field: IDEMPOTENCY_HEADER });
    const res = responseOf(context);
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    // the key the request authenticated with (as the guard read it): the stored answer is sealed with it
    const secret = String(req.headers.authorization ?? '').trim().replace(/^Bearer\s+/i, '').trim();
    const begun = await this.idempotency.begin({ keyId: principal.keyId, secret }, sent, { method: req.method, path: req.url, body: req.body }, status);
    if (begun.kind === 'replay') {
      res.setStatus(begun.answer.status);
      res.setHeader('Idempotent-Replayed', 'true');
      return of(begun.answer.body);
    }
    return from(RequestAnswers.run(begun.answer, () => lastValueFrom(next.handle(), { defaultValue: undefined }))).pipe(
      mergeMap((body) => from(begun.finish({ status, body }).then(() => body))),
      catchError((error: unknown) => from(begun.abandon().then(() => Promise.reject(error)))),
    );
  }
}

/**
 * How a route's command result becomes its answer's body, said before the command runs: when the
 * request keeps its answer (an Idempotency-Key), the command's transaction stores this body with
 * its change (UnitOfWork `answersRequest`), so a retry finds it exactly when the change committed.
 */
export async function answering<R, B>(render: (result: R) => B, execute: () => Promise<R>): Promise<B> {
  const answer = RequestAnswers.current();
  if (answer) answer.render = render as (result: unknown) => unknown;
  return render(await execute());
}
