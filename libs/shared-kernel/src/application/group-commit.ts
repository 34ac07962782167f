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

  /** Answers once everything queued before the call is written. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    const items = this.queued.splice(0);
    if (items.length === 0) return;
    this.writing = this.write(items).finally(() => (this.writing = null));
    await this.writing;
  }
}
