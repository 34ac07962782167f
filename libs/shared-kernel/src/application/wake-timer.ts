import type { Clock } from '../domain/clock.port.js';

/**
 * One timer that wakes a polling worker for the earliest time it is asked to (`arm`): never
 * sooner than `minMs` from now (work due now but held by a claim that has not committed its lease
 * must not make the worker spin), and not at all when the worker's own poll (`pollMs`) comes
 * first. Unreferenced: it never keeps the process alive. `stop` ends it for good.
 */
export class WakeTimer {
  private timer: NodeJS.Timeout | undefined;
  private at = Infinity;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly pollMs: number,
    private readonly wake: () => void,
    private readonly minMs = 100,
  ) {}

  arm(at: Date): void {
    if (this.stopped) return;
    const now = this.clock.now().getTime();
    const when = Math.max(at.getTime(), now + this.minMs);
    if (when - now >= this.pollMs || when >= this.at) return;
    clearTimeout(this.timer);
    this.at = when;
    this.timer = setTimeout(() => {
      this.at = Infinity;
      this.wake();
    }, when - now);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
