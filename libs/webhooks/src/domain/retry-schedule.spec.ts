import { attemptOffsets, nextAttemptAt, retryAfterMs } from './retry-schedule.js';

const DEFAULT = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
const t0 = new Date('2025-03-14T09:00:00Z');
const after = (s: number) => new Date(t0.getTime() + s * 1000);

describe('the retry schedule', () => {
  it('is seconds after the first try: ten attempts by default, the last a day after the first', () => {
    expect(attemptOffsets(DEFAULT)).toEqual(DEFAULT.map((s) => s * 1000));
    expect(attemptOffsets([5, 60])).toEqual([0, 5000, 60_000]);
  });

  it('the attempt after a failure is due at its offset from the first try, or at once when that has passed', () => {
    const offsets = attemptOffsets(DEFAULT);
    expect(nextAttemptAt(offsets, t0, 1, after(0.2))).toEqual(after(5));
    expect(nextAttemptAt(offsets, t0, 2, after(5.1))).toEqual(after(300));
    // the second try timed out after 10 s: the third was due at 300 s anyway
    expect(nextAttemptAt(offsets, t0, 2, after(15))).toEqual(after(300));
    // an attempt late (the instance was down): the next one at once
    expect(nextAttemptAt(offsets, t0, 3, after(4000))).toEqual(after(4000));
  });

  it('after the last attempt the delivery has failed', () => {
    const offsets = attemptOffsets(DEFAULT);
    expect(nextAttemptAt(offsets, t0, 9, after(72000))).toEqual(after(86400));
    expect(nextAttemptAt(offsets, t0, 10, after(86400))).toBeNull();
  });

  it("a receiver's Retry-After pushes the next attempt later, never earlier, and at most a day", () => {
    const offsets = attemptOffsets(DEFAULT);
    expect(nextAttemptAt(offsets, t0, 1, after(1), 60_000)).toEqual(after(61));
    expect(nextAttemptAt(offsets, t0, 1, after(1), 1000)).toEqual(after(5));
    expect(nextAttemptAt(offsets, t0, 1, after(1), 10 * 86_400_000)).toEqual(after(1 + 86400));
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('120', t0)).toBe(120_000);
    expect(retryAfterMs('Fri, 14 Mar 2025 09:01:00 GMT', t0)).toBe(60_000);
    expect(retryAfterMs('soon', t0)).toBeNull();
    expect(retryAfterMs(null, t0)).toBeNull();
  });
});
