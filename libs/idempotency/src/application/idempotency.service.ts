import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, DomainError } from '#shared-kernel';
import { IdempotencyStore, type StoredAnswer } from '../domain/idempotency-store.port.js';

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

export type Begun = { kind: 'run'; finish(answer: StoredAnswer): Promise<void>; abandon(): Promise<void> } | { kind: 'replay'; answer: StoredAnswer };

/**
 * Idempotency-Key handling for POST requests: the first request with a key runs and its answer is
 * kept; a retry with the same key and the same request gets that answer again (never a second
 * domain); the same key with another request is a conflict, as is a retry while the first still runs.
 */
@Injectable()
export class Idempotency implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  /** Checks the key and claims it, or answers with what it holds. `owner`: the API key's id. */
  async begin(owner: string, key: string, request: { method: string; path: string; body: unknown }): Promise<Begun> {
    if (!KEY.test(key)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID', { field: 'Idempotency-Key' });
    }
    const fingerprint = createHash('sha256').update(`${request.method} ${request.path}\n${canonical(request.body ?? null)}`).digest('hex');
    const claim = await this.store.claim(owner, key, fingerprint, this.clock.now(), IDEMPOTENCY_TTL_MS);
    if (claim.kind !== 'claimed' && claim.fingerprint !== fingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key for a new request');
    }
    if (claim.kind === 'in-progress') {
      throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment');
    }
    if (claim.kind === 'replay') return { kind: 'replay', answer: claim.answer };
    return {
      kind: 'run',
      finish: (answer) => this.store.complete(owner, key, answer),
      abandon: () => this.store.release(owner, key),
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
