/** How long pushed items may wait for others to join their write, and how many make it worth writing at once. */
export interface Gathering {
  ms: number;
  enough: number;
}

/**
 * Writes items one write at a time: items that come while one is written wait for the next, so
 * under load a write carries many (one statement and one commit instead of one per item) and
 * alone an item is written at once. `write` handles its own failures. With `gathering`, items
 * pushed (not added) wait up to `gathering.ms` from the first of them for others to join, unless
 * `gathering.enough` are queued: fewer, larger writes, for items nobody waits on.
 */
export class GroupCommit<T> {
  private queued: T[] = [];
  private writing: Promise<void> | null = null;
  /** when (performance.now) the oldest pushed item still queued was pushed */
  private gatheringSince: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** writes started and ended, numbered: a caller waits for the one that holds its items, never for later ones */
  private started = 0;
  private ended = 0;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly gathering: Gathering | null = null,
  ) {}

  /** Queues items; answers once a write that holds them has ended. */
  async add(items: readonly T[]): Promise<void> {
    this.queued.push(...items);
    await this.flush();
  }

  /**
   * Queues an item for a write without waiting for it (no promise per item, for callers that learn
   * of the write otherwise): written once no write is under way (and, when gathering, once the
   * gathering has ended).
   */
  push(item: T): void {
    this.queued.push(item);
    this.gatheringSince ??= performance.now();
    if (!this.writing) this.soon();
  }

  /** Answers once everything queued before the call is written (at most the write under way and the next). */
  async flush(): Promise<void> {
    const holding = this.queued.length > 0 ? this.started + 1 : this.started;
    while (this.ended < holding) {
      if (!this.writing) this.next();
      await this.writing;
    }
  }

  /** Writes what is queued now, or when its gathering ends. */
  private soon(): void {
    if (this.queued.length === 0) return;
    const wait = this.gathering && this.gatheringSince !== null && this.queued.length < this.gathering.enough ? this.gatheringSince + this.gathering.ms - performance.now() : 0;
    if (wait <= 0) this.next();
    else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        if (!this.writing) this.next();
      }, wait);
  }

  /** Starts a write of everything queued, if anything is. */
  private next(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.queued.splice(0);
    this.gatheringSince = null;
    if (items.length === 0) return;
    const n = ++this.started;
    this.writing = this.write(items).finally(() => {
      this.ended = n;
      this.writing = null;
      // what was pushed meanwhile has no caller waiting to write it
      this.soon();
    });
    this.writing.catch(() => undefined); // the callers that wait see the failure
  }
}
