import type { RetryPolicy } from '../domain/retry-policy.js';

/** Settings of the outbox, provided by the composition root. */
export abstract class OutboxSettings {
  abstract readonly retry: RetryPolicy;
  /** delivered entries are kept this long, then pruned */
  abstract readonly keepMs: number;
  /** how often the relay looks for due entries it was not told about (the safety net) */
  abstract readonly pollMs: number;
}
