import { GroupCommit } from './group-commit.js';

const jest = (import.meta as unknown as { jest: { useFakeTimers(): void; useRealTimers(): void; advanceTimersByTimeAsync(ms: number): Promise<void> } }).jest;

/** A writer whose writes end when the test says. */
function gatedWriter() {
  const writes: number[][] = [];
  const gates: (() => void)[] = [];
  const write = (items: readonly number[]) => {
    writes.push([...items]);
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const open = async () => {
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { writes, write, open };
}

describe('GroupCommit', () => {
  it('writes an item alone at once, and what comes during a write together in the next', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit<number>(w.write);
    const first = commit.add([1]);
    const second = commit.add([2]);
    const third = commit.add([3]);
    expect(w.writes).toEqual([[1]]);
    await w.open();
    expect(w.writes).toEqual([[1], [2, 3]]);
    await w.open();
    await Promise.all([first, second, third]);
  });

  it('answers add only once a write holding its items has ended', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit<number>(w.write);
    let done = false;
    void commit.add([1]).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await w.open();
    expect(done).toBe(true);
  });

  it('push: starts a write when none is under way, and writes what was pushed during one as it ends, with no one waiting', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit<number>(w.write);
    commit.push(1);
    expect(w.writes).toEqual([[1]]);
    commit.push(2);
    commit.push(3);
    expect(w.writes).toEqual([[1]]);
    await w.open();
    expect(w.writes).toEqual([[1], [2, 3]]);
    await w.open();
    expect(w.writes).toEqual([[1], [2, 3]]);
    await commit.flush(); // nothing left
  });

  it('flush waits for pushed items too, and a failed write reaches the callers that wait, not the process', async () => {
    const failing = new GroupCommit<number>(() => Promise.reject(new Error('down')));
    failing.push(1); // nobody waits: no unhandled rejection
    await expect(failing.add([2])).rejects.toThrow('down');
    const w = gatedWriter();
    const commit = new GroupCommit<number>(w.write);
    commit.push(1);
    commit.push(2);
    let flushed = false;
    const flush = commit.flush().then(() => (flushed = true));
    await w.open();
    expect(flushed).toBe(false); // 2 is still being written
    await w.open();
    await flush;
    expect(w.writes).toEqual([[1], [2]]);
  });

  it('add answers after the write that holds its items, however many come after it', async () => {
    const w = gatedWriter();
    const commit = new GroupCommit<number>(w.write);
    void commit.add([0]); // under way
    let done = false;
    const mine = commit.add([1]).then(() => (done = true));
    await w.open(); // [0] ends, [1] starts
    void commit.add([2]); // waits for the next write
    await w.open(); // [1] ends, [2] starts
    expect(w.writes).toEqual([[0], [1], [2]]);
    await mine;
    expect(done).toBe(true); // not held up by [2]
    await w.open();
  });

  describe('gathering pushed items', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('waits up to its time from the first pushed item for others to join, then writes them together', async () => {
      const writes: number[][] = [];
      const commit = new GroupCommit<number>(async (items) => void writes.push([...items]), { ms: 20, enough: 100 });
      commit.push(1);
      await jest.advanceTimersByTimeAsync(15);
      commit.push(2);
      expect(writes).toEqual([]);
      await jest.advanceTimersByTimeAsync(5);
      expect(writes).toEqual([[1, 2]]);
      commit.push(3); // a new gathering, from this item
      await jest.advanceTimersByTimeAsync(19);
      expect(writes).toEqual([[1, 2]]);
      await jest.advanceTimersByTimeAsync(1);
      expect(writes).toEqual([[1, 2], [3]]);
    });

    it('writes at once when enough are queued, and flush does not wait for the gathering', async () => {
      const writes: number[][] = [];
      const commit = new GroupCommit<number>(async (items) => void writes.push([...items]), { ms: 1_000, enough: 3 });
      commit.push(1);
      commit.push(2);
      expect(writes).toEqual([]);
      commit.push(3);
      expect(writes).toEqual([[1, 2, 3]]);
      await Promise.resolve();
      commit.push(4);
      await commit.flush();
      expect(writes).toEqual([[1, 2, 3], [4]]);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(writes).toEqual([[1, 2, 3], [4]]); // the gathering's timer went with the flush
    });
  });
});
