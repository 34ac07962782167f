import { afterFailure, DEFAULT_RETRY_POLICY } from './retry-policy.js';

describe('outbox retry policy', () => {
  const created = new Date('2026-12-01T10:00:00Z');
  const at = (ms: number) => new Date(created.getTime() + ms);

  it('waits 5 s after the first failure, doubling each time, never more than an hour', () => {
    const waits = [1, 2, 3, 4, 10, 11, 12, 30].map((attempts) => {
      const now = at(60_000);
      const next = afterFailure(DEFAULT_RETRY_POLICY, { createdAt: created, attempts }, now, false);
      return next.dead ? 'dead' : (next.at.getTime() - now.getTime()) / 1000;
    });
    expect(waits).toEqual([5, 10, 20, 40, 2560, 3600, 3600, 3600]);
  });

  it('tries a last time at the end of the window, then the entry is dead', () => {
    const window = DEFAULT_RETRY_POLICY.windowMs;
    const last = afterFailure(DEFAULT_RETRY_POLICY, { createdAt: created, attempts: 80 }, at(window - 60_000), false);
    expect(last).toEqual({ dead: false, at: at(window) });
    expect(afterFailure(DEFAULT_RETRY_POLICY, { createdAt: created, attempts: 81 }, at(window), false)).toEqual({ dead: true });
  });

  it('a permanent failure is dead at once', () => {
    expect(afterFailure(DEFAULT_RETRY_POLICY, { createdAt: created, attempts: 1 }, at(1000), true)).toEqual({ dead: true });
  });
});
