import { AsyncSlot } from './async-slot.js';

describe('AsyncSlot', () => {
  it('carries its value through awaits, timers and promise chains, and has none outside its run', async () => {
    const slot = new AsyncSlot<string>();
    expect(slot.getStore()).toBeUndefined();
    const seen = await slot.run('a', async () => {
      await new Promise((r) => setTimeout(r, 1));
      const later = await new Promise<string | undefined>((resolve) => setImmediate(() => resolve(slot.getStore())));
      return [slot.getStore(), later, await Promise.resolve().then(() => slot.getStore())];
    });
    expect(seen).toEqual(['a', 'a', 'a']);
    expect(slot.getStore()).toBeUndefined();
  });

  it('keeps slots apart: a run of one leaves the others as they are, and an inner run of the same slot shadows the outer until it ends', async () => {
    const request = new AsyncSlot<string>();
    const transaction = new AsyncSlot<number>();
    await request.run('r1', async () => {
      await transaction.run(1, async () => {
        await Promise.resolve();
        expect([request.getStore(), transaction.getStore()]).toEqual(['r1', 1]);
        await request.run('r2', async () => {
          await Promise.resolve();
          expect([request.getStore(), transaction.getStore()]).toEqual(['r2', 1]);
        });
        expect(request.getStore()).toBe('r1');
      });
      expect(transaction.getStore()).toBeUndefined();
    });
  });

  it('keeps concurrent runs apart', async () => {
    const slot = new AsyncSlot<number>();
    const read = (n: number) =>
      slot.run(n, async () => {
        await new Promise((r) => setTimeout(r, 5 - n));
        return slot.getStore();
      });
    expect(await Promise.all([read(1), read(2), read(3)])).toEqual([1, 2, 3]);
  });
});
