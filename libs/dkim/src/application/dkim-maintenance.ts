import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, Outbox, UnitOfWork } from '#shared-kernel';
import { DkimKeys } from './dkim-keys.js';
import { DkimSettings } from './dkim.settings.js';
import { zoneChanged } from './zone-messages.js';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What the keys need outside any request: at start, keys sealed under a previous key-encryption
 * key are sealed again under the current one, and (with a publisher) the zone-wide records are
 * published; then, every `tickMs`, keys whose retirement is over are withdrawn.
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
      this.running = this.keys.withdrawDue(100).catch((error: unknown) => this.logger.warn(`Withdrawing retired DKIM keys failed (tried again): ${describe(error)}`));
    }, this.settings.tickMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
