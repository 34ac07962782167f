/**
 * When the attempts of a delivery are made, in ms after its first try: the first try at once,
 * then each entry of WEBHOOK_RETRY_SCHEDULE (seconds after the first try, rising; a leading 0 is
 * the first try itself).
 */
export function attemptOffsets(scheduleSeconds: readonly number[]): number[] {
  return [0, ...scheduleSeconds.filter((s) => s > 0).map((s) => s * 1000)];
}

/** The longest wait a receiver's Retry-After may ask for (beyond it, the schedule's own time counts). */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * After the `tries`-th scheduled attempt of a delivery first tried at `firstTryAt` failed at
 * `now`: when the next one is due (never before now; later when the receiver's Retry-After asks),
 * or null when the schedule is spent and the delivery has failed.
 */
export function nextAttemptAt(offsets: readonly number[], firstTryAt: Date, tries: number, now: Date, retryAfterMs: number | null = null): Date | null {
  if (tries >= offsets.length) return null;
  let at = Math.max(firstTryAt.getTime() + offsets[tries]!, now.getTime());
  if (retryAfterMs !== null && retryAfterMs > 0) at = Math.max(at, now.getTime() + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
  return new Date(at);
}

/** A Retry-After header (seconds, or an HTTP date) as ms from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
