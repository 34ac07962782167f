import { AsyncLocalStorage } from 'node:async_hooks';

/** The value of every slot where the code runs: a run copies it with its own slot set (never a chain of the runs it is inside). */
type Frame = ReadonlyMap<AsyncSlot<unknown>, unknown>;

/**
 * The process's one AsyncLocalStorage, which every AsyncSlot shares. Node 20 carries each storage
 * in use to every promise and resource the process creates (an async hook sets a property of
 * each), so every storage is paid for by every promise of the busiest paths, wherever it is used;
 * one storage holding the few slots' values is paid for once.
 */
const storage = new AsyncLocalStorage<Frame>();

/** A value that travels with the calls, as an AsyncLocalStorage's store does, kept in the process's one storage. */
export class AsyncSlot<T> {
  /** Runs `work` with `value` in this slot, the other slots as they are. */
  run<R>(value: T, work: () => R): R {
    const frame = new Map(storage.getStore());
    frame.set(this, value);
    return storage.run(frame, work);
  }

  /** This slot's value where the caller runs: undefined outside its `run`. */
  getStore(): T | undefined {
    return storage.getStore()?.get(this) as T | undefined;
  }
}
