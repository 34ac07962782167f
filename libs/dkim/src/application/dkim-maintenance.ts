import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, Outbox, UnitOfWork } from '#shared-kernel';
import { DkimKeys } from './dkim-keys.js';
import { DkimSettings } from './dkim.settings.js';
import { zoneChanged } from './zone-messages.js';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What the keys need outside any request: at start, keys sealed under a previous key-encryption
 * key are sealed again under the current one, and (with a publisher) the zone-wide records are
 * published; then, every `tickMs`: keys of accounts without built-in domains are withdrawn once
 * their time is over, retiring and revoked selectors get fresh standby keys, and accounts whose
 * active key has signed for DKIM_ROTATION_DAYS are rotated.
 */
@Injectable()
export class DkimMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DkimKeys');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly keys: DkimKeys,
    private readonly settings: DkimSettings,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const resealed = await this.keys.resealAll();
    if (resealed > 0) this.logger.log(`${resealed} DKIM private keys sealed again under the current key-encryption key`);
    if (this.settings.publisher !== 'none') await this.unitOfWork.run(() => this.outbox.add([zoneChanged(null, this.clock.now())]));
    this.timer = setInterval(() => {
      this.running = (async () => {
        await this.keys.withdrawDue(100);
        await this.keys.renewDue(100);
        await this.keys.rotateDue(20);
      })().catch((error: unknown) => this.logger.warn(`DKIM key maintenance failed (tried again at the next tick): ${describe(error)}`));
    }, this.settings.tickMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
