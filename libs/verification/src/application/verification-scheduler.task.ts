import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ClaimDueDomainsCommand, ReleaseClaimsCommand, ReleasePendingIdentitiesCommand, RenewClaimsCommand } from '#domains';
import { AccountScope } from '#shared-kernel';
import { VerificationSettings } from './verification.settings.js';
import { VerifyDomainCommand } from './verify-domain.command.js';

const INTERVAL_NAME = 'domain-verification';
/** ids claimed per batch; a tick handles at most MAX_BATCHES batches, so its work is bounded */
const BATCH_SIZE = 100;
const MAX_BATCHES = 10;

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Every tick: claims due domains in batches (FOR UPDATE SKIP LOCKED + lease, so several instances
 * on one database never verify the same domain at once) and verifies them, at most
 * `concurrency` at a time; a domain its provider has not set up yet is provisioned on the way.
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

  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: SchedulerRegistry,
    private readonly settings: VerificationSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    const timer = setInterval(() => void this.tick(), this.settings.tickMs);
    this.registry.addInterval(INTERVAL_NAME, timer);
  }

  /**
   * Stops ticking and waits for the running round. In onModuleDestroy, not onApplicationShutdown:
   * Nest runs every onModuleDestroy first, and the (global) CqrsModule's EventBus drops its event
   * handlers there, so a round still running at onApplicationShutdown would change statuses whose
   * notifications are never sent. Global modules are destroyed after this one, so the event bus
   * and the database are still there while the round finishes.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  /** One round; returns how many domains it verified (0 when a round is already running). */
  tick(): Promise<number> {
    if (this.running || this.stopping) return Promise.resolve(0);
    this.running = this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<number> {
    let verified = 0;
    try {
      for (let batch = 0; batch < MAX_BATCHES && !this.stopping; batch++) {
        const ids = await this.commandBus.execute(new ClaimDueDomainsCommand(BATCH_SIZE, this.settings.leaseMs));
        verified += await this.verifyBatch(ids);
        if (ids.length < BATCH_SIZE) break;
      }
      // identities of deleted domains the provider could not remove at the time
      if (!this.stopping) await this.commandBus.execute(new ReleasePendingIdentitiesCommand(BATCH_SIZE, this.settings.leaseMs));
    } catch (error) {
      this.logger.error(`Scheduler round failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return verified;
  }

  /** Verifies one claimed batch, renewing the claims still held; returns how many were verified. */
  private async verifyBatch(ids: number[]): Promise<number> {
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
      await forEachLimited(ids, this.settings.concurrency, async (id) => {
        if (this.stopping) return;
        unstarted.delete(id);
        try {
          await this.commandBus.execute(new VerifyDomainCommand(id, AccountScope.allAccounts()));
          verified++;
          held.delete(id);
        } catch (error) {
          // the claim is left to lapse: the domain is retried after the lease
          held.delete(id);
          this.logger.warn(`Verification of domain ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    } finally {
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
