import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, GroupCommit, type OutboxDelivery, type OutboxHandler, PermanentFailure, Telemetry, WakeTimer, withDeadline } from '#shared-kernel';
import { type OutboxEntry, OutboxStore } from '../domain/outbox-store.port.js';
import { afterFailure } from '../domain/retry-policy.js';
import { OutboxRegistry } from './outbox-registry.js';
import { OutboxSettings } from './outbox.settings.js';

/** How long a claim holds an entry; renewed every third of it while its delivery runs. */
const LEASE_MS = 30_000;
/** A delivery that has not ended after this long counts as failed (and is retried). */
const DELIVERY_TIMEOUT_MS = 60_000;
/**
 * Entries claimed at once per instance. A handler that takes many at once (the webhooks' fan-out)
 * gets a claim's worth together (measured with 50, the webhook worker sat idle for about a quarter
 * of the time: a claim's worth was soon written). The next claim is made while the handlers work
 * on the last one (drain). Entries delivered one by one that a stop finds not yet started are
 * given back at once, so a claim this large does not hold up the stop.
 */
const BATCH = 200;
/** entries of handlers that take one at a time, delivered at once per instance */
const CONCURRENCY = 8;
const MIN_WAKE_MS = 100;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

const asDelivery = (entry: OutboxEntry): OutboxDelivery => ({ id: entry.eventId, type: entry.type, version: entry.version, occurredAt: new Date(entry.occurredAt), data: entry.payload, attempt: entry.attempts });

/** A handler's answer, or a failure once DELIVERY_TIMEOUT_MS has passed without one. */
const withTimeout = <T>(work: Promise<T>): Promise<T> => withDeadline(work, DELIVERY_TIMEOUT_MS, `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`);

/**
 * Delivers outbox entries to their handlers, at least once: right after the transaction that
 * wrote them commits (`deliver`), and as a safety net on a timer (`drain`): every `pollMs`, and
 * when the earliest retry falls due. Entries are claimed with a lease (FOR UPDATE SKIP LOCKED),
 * so instances share them and a killed one strands nothing beyond its lease. A failed delivery is
 * retried with backoff (RetryPolicy) until it succeeds or its window ends; a PermanentFailure or
 * the end of the window makes it dead, logged with its last error.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private readonly inFlight = new Set<Promise<unknown>>();
  private draining: Promise<number> | null = null;
  private again = false;
  private stopping = false;
  private poll: NodeJS.Timeout | undefined;
  private readonly wake: WakeTimer;
  private lastPrune = 0;
  /** oneDestination handlers with an entry delivered in the claim being handled */
  private readonly reached = new Set<string>();
  /**
   * oneDestination handlers whose retries were brought forward, with no failure seen here since:
   * nothing of theirs waits that this instance knows of (another instance brings forward what it
   * saw fail once it delivers one).
   */
  private readonly caughtUp = new Set<string>();
  /**
   * Delivered entries recorded as such by group commit: an entry whose recording fails is
   * delivered again after its lease.
   */
  private readonly done = new GroupCommit<OutboxEntry>((entries) =>
    this.store
      .delivered(
        entries.map((e) => e.id),
        this.clock.now(),
      )
      .then(() => {
        for (const entry of entries) this.telemetry.outboxDelivery(entry.handler, 'delivered');
      })
      .catch((error: unknown) => this.logger.warn(`Recording ${entries.length} delivered outbox entries failed (they are delivered again after their lease): ${describe(error)}`)),
  );

  /** just-committed entries, claimed by one statement at a time (deliver) */
  private readonly fresh = new GroupCommit<number>((ids) => this.claimFresh(ids));

  constructor(
    private readonly store: OutboxStore,
    private readonly registry: OutboxRegistry,
    private readonly settings: OutboxSettings,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {
    this.wake = new WakeTimer(clock, settings.pollMs, () => void this.drain(), MIN_WAKE_MS);
  }

  onApplicationBootstrap(): void {
    this.poll = setInterval(() => void this.drain(), this.settings.pollMs);
    this.poll.unref();
    // what an instance that died left behind, and retries already due
    this.wake.arm(this.clock.now());
  }

  /** Starts no new delivery and waits for those under way; what is left stays for the next start or another instance. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.poll);
    this.wake.stop();
    while (this.inFlight.size > 0 || this.draining) await Promise.allSettled([...this.inFlight, this.draining]);
  }

  /**
   * Delivers these just-committed entries now (those another instance took meanwhile are
   * skipped). Claimed one statement at a time: the entries of the transactions that commit while
   * a claim runs are claimed together by the next, and handled together (one fan-out for the
   * webhooks, not one per transaction); each claim's entries are handled as soon as it returns,
   * beside those of the claims before it.
   */
  deliver(ids: readonly number[]): void {
    if (this.stopping) return;
    for (const id of ids) this.fresh.push(id);
  }

  private async claimFresh(ids: readonly number[]): Promise<void> {
    const work = (async () => {
      for (let i = 0; i < ids.length && !this.stopping; i += BATCH) {
        const now = this.clock.now();
        const chunk = ids.slice(i, i + BATCH);
        const claimed = await this.store.claim(now, chunk.length, new Date(now.getTime() + LEASE_MS), chunk);
        if (claimed.length > 0) this.track(this.handle(claimed).recorded);
      }
    })().catch((error: unknown) => this.logger.warn(`Delivering ${ids.length} new entries failed (retried by the relay): ${describe(error)}`));
    this.track(work);
    await work;
  }

  /**
   * Delivers every due entry, a batch at a time, until none is left; then sets a timer for the
   * earliest retry. Answers how many entries it handled. Concurrent calls share one run.
   */
  drain(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const run = (async () => {
      let handled = 0;
      // The next claim is made while the handlers work on the last one, and handed on as soon as
      // they are done, before the last claim's outcomes are recorded: a handler that takes many
      // at once (the webhooks' fan-out) is never left without entries while the relay records
      // and claims (measured: a fifth of the webhook worker's time, with a claim of 200).
      let turn: Promise<void> = Promise.resolve();
      const recording = new Set<Promise<void>>();
      try {
        do {
          this.again = false;
          for (;;) {
            const now = this.clock.now();
            const batch = await this.store.claim(now, BATCH, new Date(now.getTime() + LEASE_MS));
            if (batch.length === 0 || this.stopping) {
              if (batch.length > 0) await this.giveBack(batch.map((e) => e.id));
              break;
            }
            const { handed, recorded } = this.handle(batch, turn);
            recording.add(recorded);
            void recorded.finally(() => recording.delete(recorded));
            // at most one claim waits for its turn: the next is claimed once this one's begins
            await turn;
            turn = handed;
            handled += batch.length;
          }
          // recorded: what the outcomes brought forward (retryWhereReached) is claimed in this run
          await turn;
          await Promise.all([...recording]);
        } while (this.again && !this.stopping);
        await this.prune();
        await this.armForNextDue();
      } catch (error) {
        this.logger.warn(`Outbox relay round failed (tried again at the next poll): ${describe(error)}`);
        await Promise.allSettled([turn, ...recording]);
      }
      return handled;
    })();
    this.draining = run.finally(() => (this.draining = null));
    return this.draining;
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /**
   * Delivers claimed entries once `turn` has come (the claim before them has been handed on),
   * CONCURRENCY at a time, renewing the claims of those still running from the start. `handed`:
   * every handler has answered; `recorded`: their outcomes are recorded too (never rejects).
   */
  private handle(entries: OutboxEntry[], turn: Promise<void> = Promise.resolve()): { handed: Promise<void>; recorded: Promise<void> } {
    const held = new Set(entries.map((e) => e.id));
    const renew = setInterval(() => {
      const now = this.clock.now();
      this.store.renew([...held], new Date(now.getTime() + LEASE_MS)).catch((error: unknown) => this.logger.warn(`Renewing outbox claims failed: ${describe(error)}`));
    }, LEASE_MS / 3);
    // entries of a handler that takes many at once go to it together; the rest one by one, CONCURRENCY at a time
    const together = new Map<OutboxHandler, OutboxEntry[]>();
    const single: OutboxEntry[] = [];
    for (const entry of entries) {
      const handler = this.registry.named(entry.handler);
      if (handler?.handleMany) together.set(handler, [...(together.get(handler) ?? []), entry]);
      else single.push(entry);
    }
    let started = false;
    let next = 0;
    /** outcomes being recorded */
    const settling: Promise<void>[] = [];
    const lane = async () => {
      // a stop takes no more: what is left goes back at once (below), not after the whole claim
      while (next < single.length && !this.stopping) {
        const entry = single[next++]!;
        await this.deliverOne(entry);
        held.delete(entry.id);
      }
    };
    const handed = (async () => {
      await turn;
      if (this.stopping) return; // before this claim's turn: all of it goes back (below)
      started = true;
      await Promise.all([
        ...[...together].map(async ([handler, group]) => {
          const failures = await this.handMany(handler, group);
          settling.push(Promise.all(group.map((entry, i) => this.settle(entry, failures[i]))).then(() => group.forEach((entry) => held.delete(entry.id))));
        }),
        ...Array.from({ length: Math.min(CONCURRENCY, single.length) }, lane),
      ]);
    })();
    const recorded = (async () => {
      try {
        await handed;
        await Promise.all(settling);
        await this.done.flush();
        await this.retryWhereReached();
      } finally {
        clearInterval(renew);
        // left by a stop: claimable again now, by another instance or the next start (the claim counted an attempt)
        const left = started ? single.slice(next).map((entry) => entry.id) : entries.map((entry) => entry.id);
        if (left.length > 0) await this.giveBack(left);
      }
    })().catch((error: unknown) => this.logger.warn(`Delivering ${entries.length} outbox entries failed (they are delivered again after their lease): ${describe(error)}`));
    return { handed, recorded };
  }

  /** Claims given up: claimable again now, by another instance or the next start. */
  private async giveBack(ids: readonly number[]): Promise<void> {
    await this.store.renew(ids, this.clock.now()).catch((error: unknown) => this.logger.warn(`Giving back ${ids.length} outbox entries at the stop failed (taken again after their lease): ${describe(error)}`));
  }

  private async deliverOne(entry: OutboxEntry): Promise<void> {
    const handler = this.registry.named(entry.handler);
    let failure: unknown;
    if (!handler) {
      failure = new Error(`no handler named ${entry.handler} runs in this instance`);
    } else {
      try {
        await withTimeout(handler.handle(asDelivery(entry)));
      } catch (error) {
        failure = error ?? new Error('failed');
      }
    }
    await this.settle(entry, failure);
  }

  /** The handler's outcome for each entry (a throw, or a wrong count, fails them all). */
  private async handMany(handler: OutboxHandler, entries: readonly OutboxEntry[]): Promise<readonly unknown[]> {
    try {
      const failures = (await withTimeout(handler.handleMany!(entries.map(asDelivery)))).map((f) => f ?? undefined);
      if (failures.length !== entries.length) throw new Error(`${handler.name} answered ${failures.length} outcomes for ${entries.length} entries`);
      return failures;
    } catch (error) {
      return entries.map(() => error ?? new Error('failed'));
    }
  }

  /** Records how a delivery ended: delivered (`failure` undefined), to be retried, or dead. */
  private async settle(entry: OutboxEntry, failure: unknown): Promise<void> {
    const now = this.clock.now();
    try {
      if (failure === undefined) {
        await this.done.add([entry]);
        if (this.registry.named(entry.handler)?.oneDestination && !this.caughtUp.has(entry.handler)) this.reached.add(entry.handler);
        return;
      }
      this.caughtUp.delete(entry.handler);
      const permanent = failure instanceof PermanentFailure;
      const next = afterFailure(this.settings.retry, { createdAt: new Date(entry.createdAt), attempts: entry.attempts }, now, permanent);
      await this.store.failed(entry.id, describe(failure), next.dead ? null : next.at);
      this.telemetry.outboxDelivery(entry.handler, next.dead ? 'dead' : 'retry');
      const what = `${entry.type} ${entry.eventId} for ${entry.handler} (attempt ${entry.attempts})`;
      if (next.dead) this.logger.error(`Outbox entry ${entry.id} is dead: ${what} failed ${permanent ? 'permanently' : 'until the end of its retry window'}: ${describe(failure)}`);
      else this.logger.warn(`Outbox delivery of ${what} failed, retried at ${next.at.toISOString()}: ${describe(failure)}`);
      if (!next.dead) this.wake.arm(next.at);
    } catch (error) {
      // the outcome could not be stored: the claim lapses and the entry is delivered again
      this.logger.warn(`Recording the outcome of outbox entry ${entry.id} failed (it is delivered again after its lease): ${describe(error)}`);
    }
  }

  /**
   * A oneDestination handler delivered an entry, so its destination works: entries of it waiting
   * for a retry (after the operator mended a wrong key, say) go now, not at the end of a backoff
   * that may have grown to an hour.
   */
  private async retryWhereReached(): Promise<void> {
    const handlers = [...this.reached];
    this.reached.clear();
    for (const handler of handlers) {
      const now = this.clock.now();
      // before the statement: a failure seen while it runs takes it out again
      this.caughtUp.add(handler);
      try {
        const moved = await this.store.retryFailedNow(handler, now);
        if (moved === 0) continue;
        this.logger.log(`${handler} delivered again: its ${moved} entries waiting for a retry are tried now`);
        this.again = true; // a drain under way claims them before it ends
        this.wake.arm(now);
      } catch (error) {
        this.caughtUp.delete(handler);
        this.logger.warn(`Bringing forward the retries of ${handler} failed (they wait for their backoff): ${describe(error)}`);
      }
    }
  }

  private async armForNextDue(): Promise<void> {
    const at = await this.store.nextDueAt();
    if (at) this.wake.arm(new Date(at));
  }

  private async prune(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    const removed = await this.store.prune(new Date(now - this.settings.keepMs));
    if (removed > 0) this.logger.log(`Pruned ${removed} delivered outbox entries`);
  }
}
