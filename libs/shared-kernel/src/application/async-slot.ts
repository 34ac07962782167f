import { AsyncLocalStorage } from 'node:async_hooks';

interface Frame {
  readonly slot: AsyncSlot<unknown>;
  readonly value: unknown;
  readonly outer: Frame | undefined;
}

/**
 * The process's one AsyncLocalStorage, which every AsyncSlot shares. Node 20 carries each storage
 * in use to every promise and resource the process creates (an async hook sets a property of
 * each), so every storage is paid for by every promise of the busiest paths, wherever it is used;
 * one storage holding a short chain of slot values is paid for once.
 */
const storage = new AsyncLocalStorage<Frame>();

/** A value that travels with the calls, as an AsyncLocalStorage's store does, kept in the process's one storage. */
export class AsyncSlot<T> {
  /** Runs `work` with `value` in this slot, the other slots as they are. */
  run<R>(value: T, work: () => R): R {
    return storage.run({ slot: this, value, outer: storage.getStore() }, work);
  }

  /** This slot's value where the caller runs: undefined outside its `run`. */
  getStore(): T | undefined {
    for (let frame = storage.getStore(); frame; frame = frame.outer) if (frame.slot === this) return frame.value as T;
    return undefined;
  }
}
