import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ClaimDueDomainsCommand, ReleaseClaimsCommand, ReleasePendingIdentitiesCommand, RenewClaimsCommand } from '#domains';
import { VerificationSettings } from './verification.settings.js';
import { VerifyDomainsCommand } from './verify-domain.command.js';

const INTERVAL_NAME = 'domain-verification';
/**
 * Domains claimed per batch: enough for every lane to check several (each lane keeps one domain
 * in flight), few enough that a batch's claims are held a short time. A round handles at most
 * MAX_BATCHES batches, then the housekeeping runs; while due domains remain, the next round
 * follows at once (see sweep()).
 */
const DOMAINS_PER_LANE = 8;
const MAX_BATCH_SIZE = 500;
const MAX_BATCHES = 8;
/** identities of deleted domains removed per tick */
const RELEASE_BATCH_SIZE = 100;
/** batches under way at once (each with its share of the concurrency) */
const PIPELINES = 2;

/**
 * Every tick: claims due domains in batches (FOR UPDATE SKIP LOCKED + lease, so several instances
 * on one database never verify the same domain at once) and verifies each batch at once: two
 * reads, its DNS lookups in flight, one transaction writing every verdict. Two pipelines run side
 * by side (one checks while the other waits on the database), `concurrency` domains in flight in
 * all; a domain its provider has not set up yet is provisioned on the way.
 * The lease is short (`leaseMs`, so a crashed instance strands its claims only that long) and
 * renewed every third of it while the batch runs. Then removes the provider identities of deleted
 * domains that could not be removed at the time. Ticks never overlap; shutdown starts no new
 * check, gives the claims it has not started back at once and waits for the running ones.
 */
@Injectable()
export class VerificationSchedulerTask implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('VerificationScheduler');
  private running: Promise<number> | null = null;
  private stopping = false;
  /** the last round stopped at MAX_BATCHES with due domains left */
  private backlog = false;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: SchedulerRegistry,
    private readonly settings: VerificationSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    const timer = setInterval(() => void this.sweep(), this.settings.tickMs);
    this.registry.addInterval(INTERVAL_NAME, timer);
  }

  /**
   * Stops ticking and waits for the running round, in onModuleDestroy: before the database closes
   * (onApplicationShutdown), so the round's last results are stored; their status changes are in
   * the outbox by then, delivered by the next instance to run if this one stops first.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  /**
   * Rounds back to back for as long as due domains remain (a backlog is worked through at full
   * speed, not MAX_BATCHES batches per tick); the next tick then finds the work that fell due
   * since. Returns how many domains it verified.
   */
  async sweep(): Promise<number> {
    let verified = 0;
    do {
      if (this.running || this.stopping) break; // a round under way (another sweep's, or a tick()) goes on alone
      verified += await this.tick();
    } while (this.backlog);
    return verified;
  }

  /** One round; returns how many domains it verified (0 when a round is already running). */
  tick(): Promise<number> {
    if (this.running || this.stopping) return Promise.resolve(0);
    this.running = this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<number> {
    let verified = 0;
    let batches = 0;
    let drained = false;
    // two pipelines, each claim → check → write, half the concurrency each: while one waits on
    // the database, the other's lookups are in flight
    const pipelines = Math.min(PIPELINES, this.settings.concurrency);
    const lanes = Math.max(1, Math.floor(this.settings.concurrency / pipelines));
    const batchSize = Math.min(MAX_BATCH_SIZE, lanes * DOMAINS_PER_LANE);
    const pipeline = async () => {
      while (!drained && batches < MAX_BATCHES && !this.stopping) {
        batches++;
        const ids = await this.commandBus.execute(new ClaimDueDomainsCommand(batchSize, this.settings.leaseMs));
        if (ids.length < batchSize) drained = true;
        if (ids.length === 0) break;
        const done = await this.verifyBatch(ids, lanes); // (not `verified += await …`: the pipelines would overwrite each other's sums)
        verified += done;
      }
    };
    this.backlog = false;
    try {
      await Promise.all(Array.from({ length: pipelines }, pipeline));
      this.backlog = !drained && !this.stopping;
      // identities of deleted domains the provider could not remove at the time
      if (!this.stopping) await this.commandBus.execute(new ReleasePendingIdentitiesCommand(RELEASE_BATCH_SIZE, this.settings.leaseMs));
    } catch (error) {
      this.logger.error(`Scheduler round failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return verified;
  }

  /** Verifies one claimed batch, renewing the claims still held; returns how many were verified. */
  private async verifyBatch(ids: number[], lanes: number): Promise<number> {
    const held = new Set(ids); // claimed and not yet verified
    const unstarted = new Set(ids);
    const leaseMs = this.settings.leaseMs;
    const renew = setInterval(() => {
      this.commandBus.execute(new RenewClaimsCommand([...held], leaseMs)).catch((error: unknown) => {
        this.logger.warn(`Renewing ${held.size} claims failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, leaseMs / 3);
    let verified = 0;
    try {
      // the batch at once: two reads, every check in flight (`concurrency` at a time), one write of all verdicts
      const result = await this.commandBus.execute(new VerifyDomainsCommand(ids, lanes, () => this.stopping));
      verified = result.verified.length;
      unstarted.clear();
      for (const id of result.unstarted) unstarted.add(id);
    } catch (error) {
      // the claims are left to lapse: the batch is retried after the lease
      unstarted.clear();
      this.logger.warn(`Verification of a batch of ${ids.length} domains failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      held.clear();
      clearInterval(renew);
      if (unstarted.size > 0) {
        await this.commandBus.execute(new ReleaseClaimsCommand([...unstarted])).catch((error: unknown) => {
          this.logger.warn(`Giving back ${unstarted.size} claims failed (they lapse after the lease): ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }
    return verified;
  }
}
