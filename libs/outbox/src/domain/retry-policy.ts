/** How long failed deliveries are retried, and how far apart. */
export interface RetryPolicy {
  /** wait before the second attempt; doubled for each further one */
  baseMs: number;
  /** longest wait between two attempts */
  maxMs: number;
  /** after this long since the entry was written, a failure is final */
  windowMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, maxMs: 3_600_000, windowMs: 72 * 3_600_000 };

/**
 * What becomes of an entry whose `attempts`-th delivery failed at `now`: tried again at `at`
 * (exponential backoff, capped; the last try at the end of the window), or dead (permanent
 * failure, or the window is over).
 */
export function afterFailure(policy: RetryPolicy, entry: { createdAt: Date; attempts: number }, now: Date, permanent: boolean): { dead: true } | { dead: false; at: Date } {
  const deadline = entry.createdAt.getTime() + policy.windowMs;
  if (permanent || now.getTime() >= deadline) return { dead: true };
  const wait = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(entry.attempts - 1, 40)));
  return { dead: false, at: new Date(Math.min(now.getTime() + wait, deadline)) };
}
