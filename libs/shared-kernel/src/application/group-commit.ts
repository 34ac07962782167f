/**
 * Writes items one write at a time: items that come while one is written wait for the next, so
 * under load a write carries many (one statement and one commit instead of one per item) and
 * alone an item is written at once. `write` handles its own failures.
 */
export class GroupCommit<T> {
  private queued: T[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  /** Queues items; answers once a write that holds them has ended. */
  async add(items: readonly T[]): Promise<void> {
    this.queued.push(...items);
    await this.flush();
  }

  /**
   * Queues an item for the next write without waiting for it (no promise per item, for callers
   * that learn of the write otherwise): a write starts now if none is under way, or as the one
   * under way ends.
   */
  push(item: T): void {
    this.queued.push(item);
    if (!this.writing) this.next();
  }

  /** Answers once everything queued before the call is written. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    this.next();
    await this.writing;
  }

  /** Starts a write of everything queued, if anything is. */
  private next(): void {
    const items = this.queued.splice(0);
    if (items.length === 0) return;
    this.writing = this.write(items).finally(() => {
      this.writing = null;
      // what was pushed meanwhile has no caller waiting to write it
      if (this.queued.length > 0) this.next();
    });
    this.writing.catch(() => undefined); // the callers that wait see the failure
  }
}
