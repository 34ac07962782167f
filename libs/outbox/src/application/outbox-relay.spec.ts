import { Clock, NoTelemetry, type OutboxDelivery, type OutboxHandler, PermanentFailure } from '#shared-kernel';
import { type NewOutboxEntry, type OutboxEntry, type OutboxHandlerState, type OutboxStats, OutboxStore } from '../domain/outbox-store.port.js';
import { DEFAULT_RETRY_POLICY } from '../domain/retry-policy.js';
import { OutboxRegistry } from './outbox-registry.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxSettings } from './outbox.settings.js';

/**
 * The relay's bookkeeping against an in-memory store (the SQL of the real one is proven on
 * PostgreSQL by the outbox and webhook end-to-end tests): who gets which entries, and how each
 * outcome is recorded.
 */
class MemoryStore extends OutboxStore {
  entries: (OutboxEntry & { state: 'pending' | 'delivered' | 'dead'; retryAt: Date | null; error: string | null; leaseUntil: Date | null })[] = [];
  deliveredCalls: number[][] = [];

  insert(entries: readonly NewOutboxEntry[]): Promise<number[]> {
    const ids = entries.map((entry) => {
      const id = this.entries.length + 1;
      this.entries.push({ ...entry, id, attempts: 0, state: 'pending', retryAt: null, error: null, leaseUntil: null });
      return id;
    });
    return Promise.resolve(ids);
  }
  claims = 0;
  /** a claim lapses once the clock has reached its end (the tests' clock stands still) */
  claim(now: Date, limit: number, leaseUntil: Date, ids?: readonly number[]): Promise<OutboxEntry[]> {
    this.claims++;
    const due = this.entries.filter((e) => e.state === 'pending' && e.retryAt === null && (e.leaseUntil === null || e.leaseUntil <= now) && (!ids || ids.includes(e.id))).slice(0, limit);
    for (const e of due) Object.assign(e, { attempts: e.attempts + 1, leaseUntil });
    return Promise.resolve(due.map((e) => ({ ...e })));
  }
  renewed: { ids: number[]; leaseUntil: Date }[] = [];
  renew(ids: readonly number[], leaseUntil: Date): Promise<void> {
    this.renewed.push({ ids: [...ids], leaseUntil });
    for (const e of this.entries) if (ids.includes(e.id) && e.state === 'pending') e.leaseUntil = leaseUntil;
    return Promise.resolve();
  }
  delivered(ids: readonly number[]): Promise<void> {
    this.deliveredCalls.push([...ids]);
    for (const e of this.entries) if (ids.includes(e.id)) Object.assign(e, { state: 'delivered', leaseUntil: null });
    return Promise.resolve();
  }
  failed(id: number, error: string, retryAt: Date | null): Promise<void> {
    const e = this.entries.find((x) => x.id === id)!;
    Object.assign(e, { error, retryAt, state: retryAt ? 'pending' : 'dead', leaseUntil: null });
    return Promise.resolve();
  }
  retriedNow: string[] = [];
  retryFailedNow(handler: string): Promise<number> {
    this.retriedNow.push(handler);
    const waiting = this.entries.filter((e) => e.handler === handler && e.state === 'pending' && e.retryAt !== null && e.error !== null);
    for (const e of waiting) e.retryAt = null;
    return Promise.resolve(waiting.length);
  }
  nextDueAt(): Promise<Date | null> {
    return Promise.resolve(null);
  }
  prune(): Promise<number> {
    return Promise.resolve(0);
  }
  stats(): Promise<OutboxStats> {
    return Promise.resolve({ byState: {}, oldestPendingAt: null });
  }
  handlerState(): Promise<OutboxHandlerState> {
    return Promise.resolve({ pending: 0, lastError: null, lastDeliveredAt: null });
  }
}

const now = new Date('2026-03-01T12:00:00Z');
const clock: Clock = { now: () => now };
const settings: OutboxSettings = { retry: DEFAULT_RETRY_POLICY, keepMs: 86_400_000, pollMs: 60_000 };
const entry = (handler: string, n: number): NewOutboxEntry => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  handler,
  type: 'domain.updated',
  version: 1,
  payload: { n },
  occurredAt: now,
  createdAt: now,
});

describe('OutboxRelay', () => {
  let store: MemoryStore;
  let registry: OutboxRegistry;
  let relay: OutboxRelay;

  beforeEach(() => {
    store = new MemoryStore();
    registry = new OutboxRegistry();
    relay = new OutboxRelay(store, registry, settings, clock, new NoTelemetry());
  });
  afterEach(() => relay.onModuleDestroy());

  it('hands a handleMany handler every entry of a claim at once and records each outcome: delivered together, retried, dead', async () => {
    const calls: number[][] = [];
    const many: OutboxHandler = {
      name: 'many',
      types: ['*'],
      handle: () => Promise.reject(new Error('handle must not be called when handleMany exists')),
      handleMany: (messages: readonly OutboxDelivery[]) => {
        calls.push(messages.map((m) => m.data.n as number));
        return Promise.resolve(messages.map((m) => (m.data.n === 2 ? new Error('busy') : m.data.n === 3 ? new PermanentFailure('unknown version') : undefined)));
      },
    };
    const single: number[] = [];
    const one: OutboxHandler = { name: 'one', types: ['*'], handle: (m) => Promise.resolve(void single.push(m.data.n as number)) };
    registry.register(many);
    registry.register(one);
    await store.insert([1, 2, 3, 4].map((n) => entry('many', n)).concat([entry('one', 5), entry('one', 6)]));

    expect(await relay.drain()).toBe(6);

    expect(calls).toEqual([[1, 2, 3, 4]]);
    expect(single.sort()).toEqual([5, 6]);
    const state = Object.fromEntries(store.entries.map((e) => [e.payload.n as number, { state: e.state, error: e.error }]));
    expect(state).toEqual({
      1: { state: 'delivered', error: null },
      2: { state: 'pending', error: 'busy' },
      3: { state: 'dead', error: 'unknown version' },
      4: { state: 'delivered', error: null },
      5: { state: 'delivered', error: null },
      6: { state: 'delivered', error: null },
    });
    expect(store.entries.find((e) => e.payload.n === 2)!.retryAt!.getTime()).toBe(now.getTime() + DEFAULT_RETRY_POLICY.baseMs);
    // recorded by group commit: fewer statements than delivered entries
    expect(store.deliveredCalls.flat().sort()).toEqual([1, 4, 5, 6]);
    expect(store.deliveredCalls.length).toBeLessThan(4);
  });

  it('a stop takes no more of a claim delivered one by one: those not yet started are given back at once, those under way end', async () => {
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const one: OutboxHandler = {
      name: 'one',
      types: ['*'],
      handle: (m) => {
        started.push(m.data.n as number);
        return new Promise<void>((resolve) => gates.push(resolve));
      },
    };
    registry.register(one);
    await store.insert(Array.from({ length: 20 }, (_, i) => entry('one', i)));
    const drained = relay.drain();
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(8); // CONCURRENCY at once
    const stopped = relay.onModuleDestroy();
    for (const open of gates.splice(0)) open();
    await drained;
    await stopped;
    expect(started).toHaveLength(8);
    expect(store.entries.filter((e) => e.state === 'delivered').map((e) => e.payload.n)).toEqual(started);
    const back = store.renewed.find((r) => r.ids.length === 12)!;
    expect(back.ids.sort((a, b) => a - b)).toEqual(store.entries.filter((e) => e.state === 'pending').map((e) => e.id));
    expect(back.leaseUntil).toEqual(now); // claimable at once
  });

  it('claims just-committed entries one statement at a time: those committed while a claim runs are claimed, and handed on, together', async () => {
    const calls: number[][] = [];
    registry.register({ name: 'many', types: ['*'], handle: () => Promise.resolve(), handleMany: (messages) => Promise.resolve(void calls.push(messages.map((m) => m.data.n as number))).then(() => messages.map(() => undefined)) });
    const ids = await store.insert([1, 2, 3, 4].map((n) => entry('many', n)));
    const asked: number[][] = [];
    let openClaim!: () => void;
    const claimGate = new Promise<void>((resolve) => (openClaim = resolve));
    const claim = store.claim.bind(store);
    store.claim = async (at, limit, leaseUntil, only) => {
      asked.push([...(only ?? [])]);
      if (asked.length === 1) await claimGate;
      return claim(at, limit, leaseUntil, only);
    };
    relay.deliver([ids[0]!]);
    relay.deliver([ids[1]!]);
    relay.deliver([ids[2]!, ids[3]!]);
    openClaim();
    for (let i = 0; i < 20 && store.entries.some((e) => e.state !== 'delivered'); i++) await new Promise((r) => setImmediate(r));
    expect(asked).toEqual([[ids[0]], [ids[1], ids[2], ids[3]]]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
    expect(store.entries.every((e) => e.state === 'delivered')).toBe(true);
  });

  it('claims the next entries while a handleMany handler works, and hands them on once it answers, before the last outcomes are recorded', async () => {
    const calls: number[] = [];
    let openRecording!: () => void;
    const recordingGate = new Promise<void>((resolve) => (openRecording = resolve));
    const delivered = store.delivered.bind(store);
    store.delivered = async (ids) => {
      await recordingGate;
      return delivered(ids);
    };
    registry.register({ name: 'many', types: ['*'], handle: () => Promise.resolve(), handleMany: (messages) => Promise.resolve(void calls.push(messages.length)).then(() => messages.map(() => undefined)) });
    await store.insert(Array.from({ length: 250 }, (_, i) => entry('many', i)));
    const drained = relay.drain();
    for (let i = 0; i < 20 && calls.length < 2; i++) await new Promise((r) => setImmediate(r));
    // the claim of 200 and the rest, both handed on while the first is not yet recorded
    expect(calls).toEqual([200, 50]);
    expect(store.entries.filter((e) => e.state === 'delivered')).toHaveLength(0);
    openRecording();
    expect(await drained).toBe(250);
    expect(store.entries.every((e) => e.state === 'delivered')).toBe(true);
  });

  it('a claim waiting for its turn when a stop comes is given back whole, at once', async () => {
    const calls: number[] = [];
    let answer!: () => void;
    registry.register({
      name: 'many',
      types: ['*'],
      handle: () => Promise.resolve(),
      handleMany: (messages) => {
        calls.push(messages.length);
        return new Promise<readonly unknown[]>((resolve) => (answer = () => resolve(messages.map(() => undefined))));
      },
    });
    await store.insert(Array.from({ length: 250 }, (_, i) => entry('many', i)));
    const drained = relay.drain();
    for (let i = 0; i < 20 && store.claims < 2; i++) await new Promise((r) => setImmediate(r));
    expect(store.claims).toBe(2); // the second claim waits for the first's answer
    const stopped = relay.onModuleDestroy();
    answer();
    await drained;
    await stopped;
    expect(calls).toEqual([200]);
    expect(store.entries.filter((e) => e.state === 'delivered')).toHaveLength(200);
    const back = store.renewed.find((r) => r.ids.length === 50)!;
    expect(back.ids.sort((a, b) => a - b)).toEqual(store.entries.filter((e) => e.state === 'pending').map((e) => e.id));
    expect(back.leaseUntil).toEqual(now);
  });

  it('a handleMany that throws, or answers the wrong number of outcomes, fails every entry it was given (retried later)', async () => {
    let answer: () => Promise<readonly unknown[]> = () => Promise.reject(new Error('database away'));
    registry.register({ name: 'many', types: ['*'], handle: () => Promise.resolve(), handleMany: () => answer() });
    await store.insert([entry('many', 1), entry('many', 2)]);
    await relay.drain();
    expect(store.entries.map((e) => [e.state, e.error])).toEqual([
      ['pending', 'database away'],
      ['pending', 'database away'],
    ]);

    answer = () => Promise.resolve([undefined]);
    await store.insert([entry('many', 3), entry('many', 4)]);
    await relay.drain();
    expect(store.entries.slice(2).map((e) => [e.state, e.error])).toEqual([
      ['pending', 'many answered 1 outcomes for 2 entries'],
      ['pending', 'many answered 1 outcomes for 2 entries'],
    ]);
    expect(store.deliveredCalls).toEqual([]);
  });

  it("once a oneDestination handler delivers an entry, its entries waiting for a retry are tried at once; another handler's wait", async () => {
    let up = false;
    const zone: OutboxHandler = { name: 'zone', types: ['*'], oneDestination: true, handle: () => (up ? Promise.resolve() : Promise.reject(new Error('BADSIG'))) };
    const other: OutboxHandler = { name: 'other', types: ['*'], handle: () => (up ? Promise.resolve() : Promise.reject(new Error('busy'))) };
    registry.register(zone);
    registry.register(other);
    await store.insert([entry('zone', 1), entry('zone', 2), entry('other', 3)]);
    await relay.drain();
    expect(store.entries.map((e) => [e.state, e.error])).toEqual([
      ['pending', 'BADSIG'],
      ['pending', 'BADSIG'],
      ['pending', 'busy'],
    ]);
    expect(store.retriedNow).toEqual([]);

    // the operator mends the key: a new entry goes through, and the two waiting ones follow without their backoff
    up = true;
    const [fresh] = await store.insert([entry('zone', 4), entry('other', 5)]);
    await relay.drain();
    expect(store.retriedNow).toEqual(['zone']);
    expect(store.entries.map((e) => [e.payload.n, e.state])).toEqual([
      [1, 'delivered'],
      [2, 'delivered'],
      [3, 'pending'],
      [4, 'delivered'],
      [5, 'delivered'],
    ]);
    expect(fresh).toBe(4);
  });
});
