import { performance } from 'node:perf_hooks';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, GroupCommit, Telemetry, UnitOfWork, WakeTimer } from '#shared-kernel';
import type { AttemptTrigger, ClaimedDelivery, DeliveryOutcome } from '../domain/delivery.js';
import { DeliveryStore, type FirstTryRoom } from '../domain/delivery-store.port.js';
import { DeliveryAttempts } from './delivery-attempts.js';
import { WebhooksSettings } from './webhooks.settings.js';

/**
 * Attempts under way at once in one instance (those that have lasted LINGER_AFTER_MS aside), and
 * to one endpoint from one instance.
 */
export const TOTAL_CONCURRENCY = 128;
export const ENDPOINT_CONCURRENCY = 16;
/**
 * Attempts under way at once to an endpoint whose deliveries fail (a dead receiver's attempts
 * last the whole timeout): a few dead endpoints cannot take the slots the healthy ones need.
 */
export const FAILING_ENDPOINT_CONCURRENCY = 2;
const PER_ENDPOINT = { healthy: ENDPOINT_CONCURRENCY, failing: FAILING_ENDPOINT_CONCURRENCY };
/**
 * A fan-out claims up to this many times the slots (in all, and of a healthy endpoint) ahead of
 * their attempts: the next deliveries are written while the last ones are sent, and start the
 * moment a slot frees, with no claim statement between. A failing endpoint gets no more claims
 * than its slots.
 */
const AHEAD = 4;
/**
 * Fan-outs that may claim ahead at once, each within its share of what is left of an endpoint's
 * room (one does not see what another is claiming): one writes while another's deliveries are
 * sent. The share is of the room less what this instance holds of the endpoint, not the room's
 * share less all it holds: that left an endpoint with 16 attempts under way and 16 waiting no room
 * at all, and what a fan-out cannot claim goes through the claim statement, which costs PostgreSQL
 * about as much again per delivery as its insert (measured: a fifth to a third of the deliveries
 * went that way).
 */
const RESERVATIONS = 2;
const PER_ENDPOINT_AHEAD = { healthy: (AHEAD * ENDPOINT_CONCURRENCY) / RESERVATIONS, failing: FAILING_ENDPOINT_CONCURRENCY / RESERVATIONS };
/**
 * An attempt under way this long no longer takes one of the TOTAL_CONCURRENCY slots: its receiver
 * is slow or dead, and waiting on it costs no work, so it must not hold up the others until its
 * timeout (an endpoint counts as failing only once an attempt has failed). It still counts at its
 * endpoint, and at most LINGERING_LIMIT attempts linger so. A quarter of a second is long for an
 * answer on a loopback or a LAN and short for a receiver that works before it answers; with a
 * second, a newly dead endpoint held an eighth of the slots for most of a benchmark round (a
 * round of 10,000 deliveries lasts about a second).
 */
const LINGER_AFTER_MS = 250;
const LINGERING_LIMIT = 4 * TOTAL_CONCURRENCY;
/**
 * How long a claimed delivery may wait here for a slot: a claim lasts this much longer than an
 * attempt and its margin, and one that waited longer is given back unsent, never started on a
 * claim that leaves less than the margin to record its outcome.
 */
const WAIT_MS = 3_000;
/** deliveries claimed by one statement at most */
const BATCH = 128;
/** a claim is worth its statement once this many attempts can start */
const CLAIM_AT_LEAST = 32;
/** a claim outlives the attempt's timeout by at least this much when the attempt starts: time to record the outcome */
const LEASE_MARGIN_MS = 5_000;
const MIN_WAKE_MS = 100;
/** claims follow one that found no more than it took this much later at the soonest */
const DRAINED_PAUSE_MS = 50;
/** endpoints remembered as changed, or as failing, at most (the oldest forgotten first) */
const FORGOTTEN = 10_000;
/**
 * How soon the worker looks again while a due delivery could not be claimed: a claim of an
 * instance that died lapses (and is taken within this much of it), and an endpoint at its limit
 * frees room, without a claim statement ten times a second meanwhile.
 */
const WAITING_RECHECK_MS = 5_000;
/**
 * How long an outcome may wait for others to be recorded with it. Nobody waits on a scheduled
 * attempt's outcome (its slot is free already, its claim lasts seconds more), and a statement has a
 * cost of its own beside its rows: measured, recording as soon as the last statement ended made
 * statements of about a hundred outcomes, and this makes them three to four times larger, for
 * about a tenth less PostgreSQL work per delivery.
 */
const RECORD_GATHER_MS = 15;
const PRUNE_EVERY_MS = 600_000;
/** messages (with their deliveries) removed per statement; statements follow until the log is within WEBHOOK_LOG_DAYS */
const PRUNE_BATCH = 2_000;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** An attempt's hold on one of the TOTAL_CONCURRENCY slots, until it lingers. */
interface Slot {
  startedAt: number;
  lingering: boolean;
}

/** Room reserved for a fan-out, with the count of endpoint changes seen here when it was given. */
export interface FirstTryReservation extends FirstTryRoom {
  changes: number;
}

/**
 * Delivers webhooks, at least once: claims due deliveries (FOR UPDATE SKIP LOCKED, a lease of
 * about WEBHOOK_TIMEOUT_MS, at most ENDPOINT_CONCURRENCY of one endpoint and TOTAL_CONCURRENCY in
 * all under way in this instance, an attempt that lasts past LINGER_AFTER_MS giving its slot up),
 * or takes them as a fan-out wrote them claimed, attempts each (DeliveryAttempts) and
 * records the outcomes in batches: delivered, retried on WEBHOOK_RETRY_SCHEDULE, or failed; an
 * endpoint that answers 410, or whose every attempt has failed for WEBHOOK_DISABLE_AFTER_HOURS, is
 * disabled. A slow or dead receiver holds only its own endpoint's slots. It runs when told of new
 * deliveries (`kick`), when the earliest retry falls due, and on every poll (the safety net for
 * what another instance left: its claims lapse after their lease, and a delivery cut off by a crash
 * is sent again, with the same webhook-id). Also prunes the log after WEBHOOK_LOG_DAYS.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly work = new Set<Promise<unknown>>();
  /** attempts under way here that take a slot (TOTAL_CONCURRENCY) */
  private inFlight = 0;
  /** those, by when they started (oldest first): past LINGER_AFTER_MS they linger instead */
  private readonly fresh = new Set<Slot>();
  private lingering = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  /** attempts under way here, per endpoint */
  private readonly held = new Map<string, number>();
  /** fan-outs waiting for room (roomFor) */
  private readonly roomWaiters = new Set<() => void>();
  /** first tries a fan-out claimed ahead, waiting for a slot, with their claim's end */
  private readonly waiting: { delivery: ClaimedDelivery; leaseUntil: number }[] = [];
  /** claims the fan-outs under way may take (reserveFirstTries), and how many reservations hold them */
  private reserved = 0;
  private reservations = 0;
  /** endpoints whose deliveries failed as last recorded here (their waiting first tries were claimed as healthy) */
  private readonly failingHere = new Set<string>();
  /** endpoint changes seen here (forget), numbered: what a claim under way took before one is given back */
  private changes = 0;
  private readonly changedAt = new Map<string, number>();
  /** when (performance.now) a claim last found fewer due deliveries than it could take */
  private drainedAt = -Infinity;
  private pumping = false;
  private again = false;
  private kicked = false;
  private stopping = false;
  private poll: NodeJS.Timeout | undefined;
  private readonly wake: WakeTimer;
  /**
   * Outcomes recorded by group commit, gathered for up to RECORD_GATHER_MS (under load each
   * statement carries many); after each recording the worker looks for more work: capacity came
   * free.
   */
  private readonly outcomes = new GroupCommit<DeliveryOutcome>(
    async (outcomes) => {
      await this.recordEach(outcomes);
      this.kick();
    },
    { ms: RECORD_GATHER_MS, enough: 2 * TOTAL_CONCURRENCY },
  );
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | null = null;

  constructor(
    private readonly store: DeliveryStore,
    private readonly attempts: DeliveryAttempts,
    private readonly unitOfWork: UnitOfWork,
    private readonly settings: WebhooksSettings,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {
    this.wake = new WakeTimer(clock, settings.pollMs, () => this.kick(), MIN_WAKE_MS);
  }

  onApplicationBootstrap(): void {
    this.poll = setInterval(() => this.kick(), this.settings.pollMs);
    this.poll.unref();
    // on a timer of its own: under a constant load the pump never runs dry
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    this.lingerTimer = setInterval(() => this.lingerSlow(), LINGER_AFTER_MS / 4);
    this.lingerTimer.unref();
    void this.prune();
    this.kick(); // what an instance that died left behind, and retries already due
  }

  /** Starts no new attempt, waits for those under way and records their outcomes; the rest stays for another instance or the next start. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.poll);
    clearInterval(this.pruneTimer);
    clearInterval(this.lingerTimer);
    this.wake.stop();
    this.roomChanged(); // fan-outs waiting for room go on, unclaimed
    this.track(this.release(this.waiting.splice(0).map((w) => w.delivery)));
    // fan-outs under way end their reservations (what they claimed is given back, tracked as work)
    while (this.work.size > 0 || this.inFlight + this.lingering > 0 || this.pumping || this.reservations > 0) await Promise.allSettled([...this.work]).then(() => new Promise((r) => setTimeout(r, 10)));
    await this.outcomes.flush();
    await this.pruning;
  }

  /**
   * Looks for due deliveries now (new ones were written, or capacity came free); within
   * DRAINED_PAUSE_MS of a claim that found no more than it took, once that much has passed (most
   * kicks then find nothing: first tries come claimed from the fan-out).
   */
  kick(): void {
    if (this.stopping || this.kicked) return;
    this.kicked = true;
    const run = () => {
      this.kicked = false;
      void this.pump();
    };
    const pause = this.drainedAt + DRAINED_PAUSE_MS - performance.now();
    if (pause > 0) setTimeout(run, pause);
    else setImmediate(run);
  }

  /** Claims a fan-out may take now, ahead of its attempts (AHEAD times the slots, less those claimed here already). */
  private get roomAhead(): number {
    return AHEAD * TOTAL_CONCURRENCY - this.inFlight - this.waiting.length - this.reserved;
  }

  /** A fan-out may reserve `least` claims ahead now. */
  private hasRoom(least: number): boolean {
    return this.reservations < RESERVATIONS && this.roomAhead >= least;
  }

  /**
   * Resolves once a fan-out may reserve at least `least` claims ahead here (true), or after `ms`,
   * or at once when stopping (false).
   */
  async roomFor(least: number, ms: number): Promise<boolean> {
    if (this.stopping || this.hasRoom(least) || ms <= 0) return !this.stopping && this.hasRoom(least);
    return new Promise<boolean>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.roomWaiters.delete(check);
        resolve(!this.stopping && this.hasRoom(least));
      };
      const check = () => {
        if (this.stopping || this.hasRoom(least)) done();
      };
      const timer = setTimeout(done, ms);
      this.roomWaiters.add(check);
    });
  }

  /**
   * The room a fan-out may write its first deliveries claimed in (AHEAD times this instance's
   * slots in all, less what it holds already and what other fan-outs hold; of an endpoint a
   * RESERVATIONS-th share), reserved until startFirstTries; at most `most`; null: less than
   * `least`, stopping, or RESERVATIONS fan-outs hold one already.
   */
  reserveFirstTries(least = 1, most = Infinity): FirstTryReservation | null {
    const limit = Math.min(this.roomAhead, most);
    if (this.stopping || this.reservations >= RESERVATIONS || limit < least) return null;
    this.reserved += limit;
    this.reservations++;
    const now = this.clock.now();
    // the room of an endpoint less what is held of it, shared out: (room - held) / RESERVATIONS, as room / RESERVATIONS - held / RESERVATIONS
    const held = new Map([...this.claimedHere()].map(([endpointId, n]) => [endpointId, Math.ceil(n / RESERVATIONS)]));
    return { now, leaseUntil: new Date(now.getTime() + this.leaseMs), limit, perEndpoint: PER_ENDPOINT_AHEAD, held, changes: this.changes };
  }

  /** Claims this instance holds, per endpoint: attempts under way and first tries waiting. */
  private claimedHere(): Map<string, number> {
    const claimed = new Map(this.held);
    for (const { delivery } of this.waiting) claimed.set(delivery.endpointId, (claimed.get(delivery.endpointId) ?? 0) + 1);
    return claimed;
  }

  /**
   * Ends a reservation: the deliveries the fan-out wrote claimed within it start as slots allow
   * (they wait here meanwhile); when stopping they are given up at once, for whichever instance
   * runs next.
   */
  startFirstTries(room: FirstTryReservation, claimed: readonly ClaimedDelivery[]): void {
    this.reserved -= room.limit;
    this.reservations--;
    if (this.stopping) {
      this.track(this.release(claimed));
      return;
    }
    this.enqueue(claimed, room.leaseUntil.getTime(), room.changes, false);
    this.roomChanged();
    if (TOTAL_CONCURRENCY - this.inFlight >= CLAIM_AT_LEAST) this.kick();
  }

  /**
   * Claimed deliveries into the queue (`first`: ahead of what waits there), then started as slots
   * allow; those of an endpoint that changed here since the claim began (`changes`: the count of
   * changes then) are given back instead: they carry what it was.
   */
  private enqueue(claimed: readonly ClaimedDelivery[], leaseUntil: number, changes: number, first: boolean): void {
    const stale = changes < this.changes ? claimed.filter((d) => (this.changedAt.get(d.endpointId) ?? 0) > changes) : [];
    const fresh = stale.length === 0 ? claimed : claimed.filter((d) => !stale.includes(d));
    const entries = fresh.map((delivery) => ({ delivery, leaseUntil }));
    if (first) this.waiting.unshift(...entries);
    else this.waiting.push(...entries);
    if (stale.length > 0) this.track(this.release(stale));
    this.startWaiting();
  }

  /**
   * Starts the waiting first tries that have a slot (in all and at their endpoint), in the order
   * they were claimed; one whose claim no longer covers a whole attempt (it waited behind a slow
   * endpoint) is given up instead, never sent on a claim that may lapse mid-attempt.
   */
  private startWaiting(): void {
    // called whenever a slot frees (once per attempt under load): nothing is made unless something can start
    if (this.waiting.length === 0 || this.inFlight >= TOTAL_CONCURRENCY) return;
    const latest = this.clock.now().getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS;
    let expired: ClaimedDelivery[] | undefined;
    for (let i = 0; i < this.waiting.length && this.inFlight < TOTAL_CONCURRENCY; ) {
      const { delivery, leaseUntil } = this.waiting[i]!;
      if (leaseUntil < latest) {
        (expired ??= []).push(delivery);
        this.waiting.splice(i, 1);
      } else if ((this.held.get(delivery.endpointId) ?? 0) < (delivery.endpointFailing || this.failingHere.has(delivery.endpointId) ? FAILING_ENDPOINT_CONCURRENCY : ENDPOINT_CONCURRENCY)) {
        this.waiting.splice(i, 1);
        this.start(delivery);
      } else i++;
    }
    if (expired) {
      this.track(this.release(expired));
      this.roomChanged();
    }
  }

  /** Work the shutdown waits for. */
  private track(work: Promise<unknown>): void {
    this.work.add(work);
    void work.finally(() => this.work.delete(work));
  }

  /** The room for fan-outs may have changed: those waiting for it look again. */
  private roomChanged(): void {
    for (const check of this.roomWaiters) check();
  }

  /**
   * An endpoint changed (disabled, deleted, another URL, another secret): the first tries waiting
   * here for it, claimed with what it was, are given back unsent (failed, if it is disabled; taken
   * again with what it is now, if not). Attempts already under way end as they are.
   */
  forget(endpointId: string): void {
    this.changedAt.set(endpointId, ++this.changes);
    if (this.changedAt.size > FORGOTTEN) this.changedAt.delete(this.changedAt.keys().next().value!);
    const gone = this.waiting.filter((w) => w.delivery.endpointId === endpointId);
    if (gone.length === 0) return;
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((w) => w.delivery.endpointId !== endpointId));
    this.track(this.release(gone.map((w) => w.delivery)));
    this.roomChanged();
  }

  /** Gives unused claims up, so that their deliveries are taken again at once (here or elsewhere). */
  private async release(claimed: readonly ClaimedDelivery[]): Promise<void> {
    if (claimed.length === 0) return;
    try {
      await this.store.release(claimed.map((d) => ({ deliveryId: d.id, claim: d.claim })));
      this.kick();
    } catch (error) {
      this.logger.warn(`Giving up ${claimed.length} unused webhook claims failed (taken again after their lease): ${describe(error)}`);
    }
  }

  /** How long a claim lasts: about one attempt's timeout (with the margin, and the longest wait for a slot). */
  get leaseMs(): number {
    return this.settings.timeoutMs + LEASE_MARGIN_MS + WAIT_MS;
  }

  /**
   * One attempt of one delivery now, outside the schedule (a retry asked for, a test event's
   * first try), its outcome recorded before this returns. `busy`: another attempt holds it;
   * null: no such delivery of this endpoint.
   */
  async attemptNow(endpointId: string, deliveryId: string, scheduled: boolean): Promise<'done' | 'busy' | null> {
    const now = this.clock.now();
    const claimed = await this.store.claimOne(endpointId, deliveryId, now, new Date(now.getTime() + this.leaseMs), scheduled);
    if (claimed === null || claimed === 'busy') return claimed;
    await this.attemptClaimed(claimed, scheduled ? 'scheduled' : 'manual');
    return 'done';
  }

  /** One attempt of a delivery the caller has claimed, its outcome recorded before this returns. */
  async attemptClaimed(claimed: ClaimedDelivery, trigger: AttemptTrigger): Promise<void> {
    const outcome = await this.attempts.attempt(claimed, trigger);
    await this.record([outcome]);
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      let drained: Date | null = null;
      do {
        this.again = false;
        while (!this.stopping && this.inFlight < TOTAL_CONCURRENCY) {
          const now = this.clock.now();
          const limit = Math.min(BATCH, TOTAL_CONCURRENCY - this.inFlight);
          const leaseUntil = now.getTime() + this.leaseMs;
          const changes = this.changes;
          const batch = await this.store.claim(now, limit, new Date(leaseUntil), PER_ENDPOINT, this.claimedHere());
          if (this.stopping) {
            this.track(this.release(batch)); // the stop began meanwhile: for whichever instance runs next
            break;
          }
          // through the queue, ahead of what waits there: first tries may have taken slots meanwhile
          this.enqueue(batch, leaseUntil, changes, true);
          if (batch.length < limit) {
            drained = now;
            this.drainedAt = performance.now();
            break;
          }
        }
      } while (this.again && !this.stopping);
      if (drained) await this.armForNextDue(drained);
    } catch (error) {
      this.logger.warn(`Claiming webhook deliveries failed (tried again at the next poll): ${describe(error)}`);
    } finally {
      this.pumping = false;
    }
  }

  private start(delivery: ClaimedDelivery): void {
    this.inFlight++;
    const slot: Slot = { startedAt: this.clock.now().getTime(), lingering: false };
    this.fresh.add(slot);
    this.held.set(delivery.endpointId, (this.held.get(delivery.endpointId) ?? 0) + 1);
    // counted by its slot (inFlight or lingering) until it ends, which the shutdown waits for
    void this.run(delivery, slot);
  }

  /** One scheduled attempt in its slot: its outcome queued for recording, the slot freed. */
  private async run(delivery: ClaimedDelivery, slot: Slot): Promise<void> {
    try {
      this.outcomes.push(await this.attempts.attempt(delivery, 'scheduled'));
    } catch (error) {
      this.logger.warn(`A webhook attempt failed to run (sent again after its lease): ${describe(error)}`);
    } finally {
      if (slot.lingering) this.lingering--;
      else {
        this.inFlight--;
        this.fresh.delete(slot);
      }
      const held = this.held.get(delivery.endpointId)! - 1;
      if (held > 0) this.held.set(delivery.endpointId, held);
      else this.held.delete(delivery.endpointId);
      this.slotsFreed();
    }
  }

  /** Slots came free: the waiting first tries take them, a fan-out waiting for room is told, and claims go on once enough are free. */
  private slotsFreed(): void {
    this.startWaiting();
    this.roomChanged();
    // claims go on while earlier outcomes are recorded, a batch at a time
    if (TOTAL_CONCURRENCY - this.inFlight >= CLAIM_AT_LEAST) this.kick();
  }

  /** Attempts under way longer than LINGER_AFTER_MS give their slot up (LINGERING_LIMIT at most). */
  lingerSlow(): void {
    const before = this.clock.now().getTime() - LINGER_AFTER_MS;
    let freed = 0;
    for (const slot of this.fresh) {
      if (slot.startedAt > before || this.lingering >= LINGERING_LIMIT) break;
      this.fresh.delete(slot);
      slot.lingering = true;
      this.inFlight--;
      this.lingering++;
      freed++;
    }
    if (freed > 0) this.slotsFreed();
  }

  /**
   * Records outcomes together; should that fail, one by one, so that one that cannot be stored
   * does not take the others with it (a delivery whose outcome is not recorded is sent again after
   * its lease).
   */
  private async recordEach(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    try {
      await this.record(outcomes);
      return;
    } catch (error) {
      if (outcomes.length === 1) {
        this.logger.warn(`Recording the outcome of webhook delivery ${outcomes[0]!.deliveryId} failed (it is sent again after its lease): ${describe(error)}`);
        return;
      }
    }
    for (const outcome of outcomes) await this.recordEach([outcome]);
  }

  /**
   * Stores outcomes with the endpoints' failure streaks (one statement), then disables the
   * endpoints that answered 410 or whose streak has lasted WEBHOOK_DISABLE_AFTER_HOURS (a
   * transaction, run again on a deadlock or serialisation failure). Should the second not happen
   * (a crash between the two), the endpoint's next outcome disables it.
   */
  private async record(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    const now = this.clock.now();
    const disableBefore = now.getTime() - this.settings.disableAfterMs;
    const failing = await this.store.record(outcomes);
    for (const o of outcomes) if (o.succeeded) this.failingHere.delete(o.endpointId);
    for (const f of failing) this.failingHere.add(f.endpointId);
    if (this.failingHere.size > FORGOTTEN) this.failingHere.delete(this.failingHere.values().next().value!);
    const gone = outcomes.filter((o) => o.gone).map((o) => ({ endpointId: o.endpointId, reason: `answered 410 Gone at ${o.attempt.at}` }));
    const hopeless = failing
      .filter((f) => new Date(f.failingSince).getTime() <= disableBefore)
      .map((f) => ({ endpointId: f.endpointId, reason: `every delivery failed for ${this.settings.disableAfterMs / 3_600_000} hours (WEBHOOK_DISABLE_AFTER_HOURS), since ${new Date(f.failingSince).toISOString()}; the last error: ${f.lastError}` }));
    const reasons = [...gone, ...hopeless];
    const ids = reasons.length > 0 ? await this.unitOfWork.run(() => this.store.disable(reasons, now)) : [];
    const disabled = reasons.filter((r) => ids.includes(r.endpointId));
    for (const o of outcomes) {
      this.telemetry.webhookDelivery(o.status === 'delivered' ? 'delivered' : o.status === 'pending' ? 'retry' : 'failed', o.attempt.durationMs / 1000);
      if (o.status === 'pending' && o.nextAttemptAt) this.wake.arm(o.nextAttemptAt);
    }
    for (const d of disabled) {
      this.forget(d.endpointId);
      this.logger.warn(`Webhook endpoint ${d.endpointId} disabled: ${d.reason}`);
    }
  }

  /** After a claim at `claimedAt` found nothing more to take: wakes for the next delivery due, or soon if one waits already. */
  private async armForNextDue(claimedAt: Date): Promise<void> {
    const { next, waiting } = await this.store.nextDue(claimedAt);
    if (next) this.wake.arm(new Date(next));
    if (waiting) this.wake.arm(new Date(this.clock.now().getTime() + WAITING_RECHECK_MS));
  }

  /** Removes what is older than WEBHOOK_LOG_DAYS, a batch per statement, until nothing is. */
  prune(): Promise<void> {
    if (this.pruning || this.stopping) return this.pruning ?? Promise.resolve();
    this.pruning = (async () => {
      let removed = 0;
      try {
        await this.store.dropStranded();
        const abandoned = await this.store.failAbandoned(this.clock.now());
        if (abandoned > 0) this.logger.warn(`${abandoned} webhook deliveries of disabled endpoints, claimed by an instance that stopped before their outcome, failed`);
        for (;;) {
          const n = await this.store.prune(new Date(this.clock.now().getTime() - this.settings.logMs), PRUNE_BATCH);
          removed += n;
          if (n < PRUNE_BATCH || this.stopping) break;
        }
      } catch (error) {
        this.logger.warn(`Pruning the webhook log failed (tried again in ${PRUNE_EVERY_MS / 60_000} minutes): ${describe(error)}`);
      }
      if (removed > 0) this.logger.log(`Pruned ${removed} webhook messages (and their deliveries) older than WEBHOOK_LOG_DAYS`);
    })().finally(() => (this.pruning = null));
    return this.pruning;
  }
}
