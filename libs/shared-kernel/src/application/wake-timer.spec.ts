import { WakeTimer } from './wake-timer.js';

// the jest object of ESM mode (the global of CommonJS mode does not exist here)
const jest = (import.meta as unknown as { jest: { useFakeTimers(options: { now: Date }): void; useRealTimers(): void; advanceTimersByTime(ms: number): void } }).jest;

describe('WakeTimer', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());
  const clock = { now: () => new Date(Date.now()) };
  const at = (ms: number) => new Date(Date.now() + ms);

  it('wakes once at the earliest time asked for, never sooner than its minimum, not when the poll comes first', () => {
    const woken: number[] = [];
    const timer = new WakeTimer(clock, 10_000, () => woken.push(Date.now()), 100);
    const start = Date.now();
    timer.arm(at(5_000));
    timer.arm(at(2_000)); // earlier: replaces it
    timer.arm(at(3_000)); // later than the one set: ignored
    timer.arm(at(20_000)); // after the poll: left to the poll
    jest.advanceTimersByTime(10_000);
    expect(woken.map((t) => t - start)).toEqual([2_000]);
    timer.arm(at(-1_000)); // due already: after the minimum
    jest.advanceTimersByTime(1_000);
    expect(woken.map((t) => t - start)).toEqual([2_000, 10_100]);
  });

  it('wakes no more once stopped', () => {
    let woken = 0;
    const timer = new WakeTimer(clock, 10_000, () => woken++);
    timer.arm(at(1_000));
    timer.stop();
    timer.arm(at(500));
    jest.advanceTimersByTime(5_000);
    expect(woken).toBe(0);
  });
});
