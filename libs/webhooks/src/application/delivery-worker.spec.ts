import { Clock, NoTelemetry, UnitOfWork } from '#shared-kernel';
import type { ClaimedDelivery, DeliveryOutcome } from '../domain/delivery.js';
import { DeliveryStore, type FailingEndpoint } from '../domain/delivery-store.port.js';
import type { DeliveryAttempts } from './delivery-attempts.js';
import { DeliveryWorker, ENDPOINT_CONCURRENCY, FAILING_ENDPOINT_CONCURRENCY, TOTAL_CONCURRENCY } from './delivery-worker.js';
import type { WebhooksSettings } from './webhooks.settings.js';

/**
 * The worker's bookkeeping of first tries a fan-out claimed ahead of their attempts, against an
 * in-memory store and attempts the test ends one by one (the SQL is proven on PostgreSQL by the
 * webhook end-to-end tests): how many start, in all and per endpoint, which wait, and which are
 * given up unsent.
 */
class MemoryStore extends DeliveryStore {
  released: string[] = [];
  recorded: string[] = [];
  /** what the next claim answers, once the test resolves it (none: nothing due) */
  nextClaim: Promise<ClaimedDelivery[]> | null = null;
  fanOut(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  deliverTo(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  claim(): Promise<ClaimedDelivery[]> {
    const next = this.nextClaim ?? Promise.resolve([]);
    this.nextClaim = null;
    return next;
  }
  claimOne(): Promise<null> {
    return Promise.resolve(null);
  }
  release(claims: readonly { deliveryId: string; claim: string }[]): Promise<void> {
    this.released.push(...claims.map((c) => c.deliveryId));
    return Promise.resolve();
  }
  /** what recording answers: the endpoints whose failure streak goes on */
  failing: FailingEndpoint[] = [];
  record(outcomes: readonly DeliveryOutcome[]): Promise<FailingEndpoint[]> {
    this.recorded.push(...outcomes.map((o) => o.deliveryId));
    return Promise.resolve(this.failing);
  }
  disable(): Promise<string[]> {
    return Promise.resolve([]);
  }
  failPending(): Promise<void> {
    return Promise.resolve();
  }
  nextDue(): Promise<{ next: Date | null; waiting: boolean }> {
    return Promise.resolve({ next: null, waiting: false });
  }
  prune(): Promise<number> {
    return Promise.resolve(0);
  }
  failAbandoned(): Promise<number> {
    return Promise.resolve(0);
  }
  dropStranded(): Promise<number> {
    return Promise.resolve(0);
  }
  list(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  get(): Promise<null> {
    return Promise.resolve(null);
  }
  stats(): Promise<{ pending: number; oldestPendingAt: Date | null }> {
    return Promise.resolve({ pending: 0, oldestPendingAt: null });
  }
}

/** Attempts that end when the test says: `started` in order, `finish(id)` ends one as delivered. */
class HeldAttempts {
  readonly started: string[] = [];
  private readonly ends = new Map<string, (succeeded: boolean) => void>();
  attempt(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    this.started.push(delivery.id);
    return new Promise((resolve) =>
      this.ends.set(delivery.id, (succeeded) =>
        resolve({
          deliveryId: delivery.id,
          claim: delivery.claim,
          endpointId: delivery.endpointId,
          status: succeeded ? 'delivered' : 'pending',
          nextAttemptAt: succeeded ? null : new Date(Date.now() + 60_000),
          failure: null,
          attempt: { at: new Date().toISOString(), trigger: 'scheduled', statusCode: succeeded ? 204 : 500, durationMs: 1, error: succeeded ? null : 'answered 500', response: null },
          succeeded,
          gone: false,
        }),
      ),
    );
  }
  finish(id: string, succeeded = true): void {
    this.ends.get(id)!(succeeded);
    this.ends.delete(id);
  }
  finishAll(): void {
    for (const id of [...this.ends.keys()]) this.finish(id);
  }
}

class TestClock extends Clock {
  at = new Date('2025-06-01T12:00:00Z').getTime();
  now(): Date {
    return new Date(this.at);
  }
}

const inline = { run: <T>(work: () => Promise<T>) => work(), afterCommit: (fn: () => void) => fn() } as unknown as UnitOfWork;
const settings = { timeoutMs: 10_000, pollMs: 3_600_000, retrySchedule: [0, 5], disableAfterMs: 3_600_000, logMs: 86_400_000, secretOverlapMs: 0, allowHttp: true, allowPrivateNetworks: true, sendThreads: 0 } as WebhooksSettings;

function delivery(id: string, endpointId: string, endpointFailing = false): ClaimedDelivery {
  const at = new Date('2025-06-01T12:00:00Z');
  return { id, claim: `claim-${id}`, endpointId, eventId: `event-${id}`, eventType: 'domain.created', status: 'pending', tries: 1, createdAt: at, firstAttemptAt: at, url: 'http://127.0.0.1/', enabled: true, endpointFailing, secret: { kekId: 'k', sealed: 's' }, previousSecret: null, previousSecretUntil: null, body: '{}' };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DeliveryWorker: first tries claimed ahead by a fan-out', () => {
  let store: MemoryStore;
  let attempts: HeldAttempts;
  let clock: TestClock;
  let worker: DeliveryWorker;

  beforeEach(() => {
    store = new MemoryStore();
    attempts = new HeldAttempts();
    clock = new TestClock();
    worker = new DeliveryWorker(store, attempts as unknown as DeliveryAttempts, inline, settings, clock, new NoTelemetry());
  });
  afterEach(async () => {
    const stopped = worker.onModuleDestroy();
    attempts.finishAll();
    await stopped;
  });

  it('start up to the slots of their endpoint; the rest wait, and start in order as slots free', async () => {
    const room = worker.reserveFirstTries()!;
    expect(room.limit).toBeGreaterThan(TOTAL_CONCURRENCY);
    const claimed = Array.from({ length: ENDPOINT_CONCURRENCY + 3 }, (_, i) => delivery(`a${i}`, 'A'));
    worker.startFirstTries(room, claimed);
    expect(attempts.started).toEqual(claimed.slice(0, ENDPOINT_CONCURRENCY).map((d) => d.id));
    attempts.finish('a0');
    await settle();
    expect(attempts.started).toEqual(claimed.slice(0, ENDPOINT_CONCURRENCY + 1).map((d) => d.id));
    expect(store.released).toEqual([]);
  });

  it('of an endpoint whose deliveries fail, start only as many as its fewer slots', () => {
    worker.startFirstTries(worker.reserveFirstTries()!, [delivery('f0', 'F', true), delivery('f1', 'F', true), delivery('f2', 'F', true), delivery('b0', 'B')]);
    expect(FAILING_ENDPOINT_CONCURRENCY).toBe(2);
    expect(attempts.started).toEqual(['f0', 'f1', 'b0']);
  });

  it('count as claimed here: two reservations at a time, each with a share of what is left of an endpoint, and the next one offers what is left', () => {
    const all = 4 * TOTAL_CONCURRENCY;
    const first = worker.reserveFirstTries(1, 100)!;
    const second = worker.reserveFirstTries()!;
    expect([first.limit, second.limit]).toEqual([100, all - 100]);
    expect(worker.reserveFirstTries()).toBeNull();
    expect(first.perEndpoint).toEqual({ healthy: 2 * ENDPOINT_CONCURRENCY, failing: FAILING_ENDPOINT_CONCURRENCY / 2 });
    worker.startFirstTries(second, []);
    worker.startFirstTries(first, Array.from({ length: ENDPOINT_CONCURRENCY + 4 }, (_, i) => delivery(`a${i}`, 'A')));
    const next = worker.reserveFirstTries()!;
    expect(next.limit).toBe(all - ENDPOINT_CONCURRENCY - 4);
    expect(next.held.get('A')).toBe((ENDPOINT_CONCURRENCY + 4) / 2); // its share of what is held: (room - held) / 2 is left to it
    expect(worker.reserveFirstTries()).toBeNull(); // nothing left
    worker.startFirstTries(next, []);
  });

  it('are given up unsent once they have waited so long that their claim would leave less than the margin after an attempt', async () => {
    const claimed = Array.from({ length: ENDPOINT_CONCURRENCY + 2 }, (_, i) => delivery(`a${i}`, 'A'));
    worker.startFirstTries(worker.reserveFirstTries()!, claimed);
    clock.at += 3_000; // the longest wait: the claim still covers an attempt and the margin
    attempts.finish('a0');
    await settle();
    expect(attempts.started).toContain(`a${ENDPOINT_CONCURRENCY}`);
    clock.at += 1;
    attempts.finish('a1');
    await settle();
    expect(attempts.started).not.toContain(`a${ENDPOINT_CONCURRENCY + 1}`);
    expect(store.released).toEqual([`a${ENDPOINT_CONCURRENCY + 1}`]);
  });

  it('of an endpoint that changed are given back, the others wait on', () => {
    const a = Array.from({ length: ENDPOINT_CONCURRENCY + 2 }, (_, i) => delivery(`a${i}`, 'A'));
    const c = Array.from({ length: ENDPOINT_CONCURRENCY + 1 }, (_, i) => delivery(`c${i}`, 'C'));
    worker.startFirstTries(worker.reserveFirstTries()!, [...a, ...c]);
    worker.forget('A');
    expect(store.released).toEqual([`a${ENDPOINT_CONCURRENCY}`, `a${ENDPOINT_CONCURRENCY + 1}`]);
    worker.forget('B'); // none of its waits here
    expect(store.released).toHaveLength(2);
    attempts.finish('c0');
    return settle().then(() => expect(attempts.started).toContain(`c${ENDPOINT_CONCURRENCY}`));
  });

  it('taken by a claim of the worker while a fan-out filled the slots wait too: neither limit is passed', async () => {
    let answer!: (rows: ClaimedDelivery[]) => void;
    store.nextClaim = new Promise((resolve) => (answer = resolve));
    worker.kick();
    await settle(); // the claim is under way
    const endpoints = TOTAL_CONCURRENCY / ENDPOINT_CONCURRENCY;
    worker.startFirstTries(worker.reserveFirstTries()!, Array.from({ length: TOTAL_CONCURRENCY }, (_, i) => delivery(`f${i}`, `E${i % endpoints}`)));
    answer(Array.from({ length: ENDPOINT_CONCURRENCY }, (_, i) => delivery(`r${i}`, 'E0')));
    await settle();
    await settle();
    expect(attempts.started).toHaveLength(TOTAL_CONCURRENCY);
    attempts.finish('f0'); // a slot of E0 frees: the claim's first delivery, ahead of the rest, takes it
    await settle();
    expect(attempts.started.slice(TOTAL_CONCURRENCY)).toEqual(['r0']);
  });

  it('taken by a claim under way while their endpoint changed are given back, not sent with what it was', async () => {
    let answer!: (rows: ClaimedDelivery[]) => void;
    store.nextClaim = new Promise((resolve) => (answer = resolve));
    worker.kick();
    await settle(); // the claim is under way
    worker.forget('E0'); // say, disabled by a PATCH that has committed
    answer([delivery('r0', 'E0'), delivery('r1', 'E1')]);
    await settle();
    await settle();
    expect(attempts.started).toEqual(['r1']);
    expect(store.released).toEqual(['r0']);
  });

  it('of an endpoint recorded as failing meanwhile start only as many as its fewer slots', async () => {
    const a = Array.from({ length: ENDPOINT_CONCURRENCY + 4 }, (_, i) => delivery(`a${i}`, 'A'));
    worker.startFirstTries(worker.reserveFirstTries()!, a);
    store.failing = [{ endpointId: 'A', failingSince: new Date(), lastError: 'answered 500' }];
    attempts.finish('a0', false); // the outcome, once recorded (after its gathering), says A fails
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.recorded).toEqual(['a0']);
    for (let i = 1; i < ENDPOINT_CONCURRENCY; i++) attempts.finish(`a${i}`, false);
    await settle();
    await settle();
    // of the 4 that waited, only as many as a failing endpoint's slots started as the others ended
    expect(attempts.started).toHaveLength(ENDPOINT_CONCURRENCY + FAILING_ENDPOINT_CONCURRENCY);
  });

  it('a fan-out waiting for room is told when a reservation ends', async () => {
    const first = worker.reserveFirstTries(1, 100)!;
    const second = worker.reserveFirstTries(1, 100)!;
    let told = false;
    const waiting = worker.roomFor(32, 60_000).then(() => (told = true));
    await settle();
    expect(told).toBe(false);
    worker.startFirstTries(first, []);
    await waiting;
    expect(told).toBe(true);
    worker.startFirstTries(second, []);
  });

  it('wait for a slot while slow attempts take them all, and get one once those have lasted a quarter second (still counted at their endpoint)', async () => {
    const endpoints = TOTAL_CONCURRENCY / ENDPOINT_CONCURRENCY;
    const slow = Array.from({ length: TOTAL_CONCURRENCY }, (_, i) => delivery(`s${i}`, `slow${i % endpoints}`));
    worker.startFirstTries(worker.reserveFirstTries()!, [...slow, delivery('next', 'slow0'), delivery('other', 'C')]);
    expect(attempts.started).toHaveLength(TOTAL_CONCURRENCY);
    clock.at += 249;
    worker.lingerSlow();
    expect(attempts.started).toHaveLength(TOTAL_CONCURRENCY);
    clock.at += 1;
    worker.lingerSlow();
    expect(attempts.started.slice(TOTAL_CONCURRENCY)).toEqual(['other']);
    attempts.finish('s0');
    await settle();
    expect(attempts.started.slice(TOTAL_CONCURRENCY)).toEqual(['other', 'next']);
  });

  it('are given up when the worker stops; the stop waits for a fan-out under way, whose claims are given up too', async () => {
    worker.startFirstTries(worker.reserveFirstTries(1, 100)!, Array.from({ length: ENDPOINT_CONCURRENCY + 1 }, (_, i) => delivery(`a${i}`, 'A')));
    const open = worker.reserveFirstTries(1, 100)!; // a fan-out's statement under way
    let stopped = false;
    const stopping = worker.onModuleDestroy().then(() => (stopped = true));
    await settle();
    expect(store.released).toEqual([`a${ENDPOINT_CONCURRENCY}`]);
    attempts.finishAll(); // those under way end and are recorded; none starts after them
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    worker.startFirstTries(open, [delivery('late', 'B')]);
    await stopping;
    expect(attempts.started).toHaveLength(ENDPOINT_CONCURRENCY);
    expect(store.released).toEqual([`a${ENDPOINT_CONCURRENCY}`, 'late']);
    expect(store.recorded).toHaveLength(ENDPOINT_CONCURRENCY);
  });
});
