import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, DomainError, type RequestAnswer } from '#shared-kernel';
import { IdempotencyStore, type StoredAnswer } from '../domain/idempotency-store.port.js';
import { AnswerSeal } from './answer-seal.js';

/** Keys are kept a day, as Stripe does: long enough for any client's retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const PURGE_EVERY_MS = 3_600_000;
/** What a key may be: 1–255 visible ASCII characters (a UUID is the usual choice). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The canonical text of a JSON value: object keys sorted, so key order never changes a fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a request with a key does: replay the stored answer, or run. A run holds the key by a
 * lease, renewed while it runs; `answer` goes with the request's handling (RequestAnswers), so the
 * transaction that makes the change stores the answer with it. `finish` stores it afterwards when
 * no such transaction did (a route whose change is naturally repeatable); `abandon` frees the key
 * (an error answer is never kept).
 */
export type Begun =
  | { kind: 'run'; answer: RequestAnswer; finish(answer: StoredAnswer): Promise<void>; abandon(): Promise<void> }
  | { kind: 'replay'; answer: StoredAnswer };

export interface IdempotencySettings {
  /** how long a run's hold on its key lasts without renewal (IDEMPOTENCY_LEASE_SECONDS) */
  leaseMs: number;
}

/**
 * Idempotency-Key handling for POST requests: the first request with a key runs and its answer is
 * kept; a retry with the same key and the same request gets that answer again (never a second
 * domain); the same key with another request is a conflict, as is a retry while the first still
 * runs (within its lease: a request that died frees its key once the lease is over).
 */
@Injectable()
export class Idempotency implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
    private readonly settings: IdempotencySettings,
  ) {}

  /**
   * Checks the key and claims it, or answers with what it holds. `caller`: the API key's id and
   * its secret (the stored answer is sealed with it); `status`: the status the route answers on
   * success (kept with the body).
   */
  async begin(caller: { keyId: string; secret: string }, key: string, request: { method: string; path: string; body: unknown }, status: number): Promise<Begun> {
    const owner = caller.keyId;
    if (!KEY.test(key)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID', { field: 'Idempotency-Key' });
    }
    const fingerprint = createHash('sha256').update(`${request.method} ${request.path}\n${canonical(request.body ?? null)}`).digest('hex');
    const now = this.clock.now();
    const leaseMs = this.settings.leaseMs;
    const claim = await this.store.claim(owner, key, fingerprint, now, IDEMPOTENCY_TTL_MS, new Date(now.getTime() + leaseMs));
    if (claim.kind !== 'claimed' && claim.fingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key for a new request');
    }
    if (claim.kind === 'in-progress') {
      throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment');
    }
    const seal = new AnswerSeal(caller.secret, key);
    if (claim.kind === 'replay') {
      const body = seal.open(claim.answer.body);
      if (body === undefined) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key for a new request');
      return { kind: 'replay', answer: { status: claim.answer.status, body } };
    }
    const held = claim.claim;
    const renewal = setInterval(() => {
      this.store.renew(owner, key, held, new Date(this.clock.now().getTime() + leaseMs)).catch((error: unknown) => {
        this.logger.warn(`Renewing an Idempotency-Key claim failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, leaseMs / 3);
    renewal.unref();
    const answer: RequestAnswer = { render: null, kept: false, keep: (body) => this.store.complete(owner, key, held, { status, body: seal.seal(body) }) };
    return {
      kind: 'run',
      answer,
      finish: async (stored) => {
        clearInterval(renewal);
        if (!answer.kept) await this.store.complete(owner, key, held, { status: stored.status, body: seal.seal(stored.body) });
      },
      abandon: async () => {
        clearInterval(renewal);
        if (!answer.kept) await this.store.release(owner, key, held);
      },
    };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.store.purge(this.clock.now()).catch((error: unknown) => this.logger.warn(`Purging old idempotency keys failed: ${error instanceof Error ? error.message : String(error)}`));
    }, PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
