import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplyZoneChangesCommand } from '#dns-publishing';
import { type OutboxDelivery, type OutboxHandler, OutboxHandlers, PermanentFailure, UnitOfWork } from '#shared-kernel';
import { DkimKeyRepository } from '../domain/dkim-key.repository.port.js';
import { accountRRsets, zoneRRsets } from '../domain/provider-zone.js';
import { DkimSettings } from './dkim.settings.js';
import { PROVIDER_ZONE_CHANGED, type ProviderZoneChangedV1 } from './zone-messages.js';

export const ZONE_PUBLISHER_HANDLER = 'provider-zone';

/**
 * Publishes what changed in the provider zone (PROVIDER_ZONE_PUBLISHER rfc2136 or route53), from
 * the outbox: each message names an account (or the zone-wide records), and the handler states
 * that account's whole RRsets as they are now, so a retry, a duplicate or a late message is
 * harmless. The account's row is locked while it publishes, so two instances publishing one
 * account run one after the other and the second, reading the newer state, wins. A refusal (a
 * wrong TSIG key, a server down) is retried by the outbox with backoff: an operator fixes it and
 * the next try goes through; as soon as one goes through, the others waiting are tried at once
 * (`oneDestination`: every entry goes to the same server or zone). Registered only when a publisher is configured.
 */
@Injectable()
export class ZonePublisherHandler implements OutboxHandler, OnModuleInit {
  readonly name = ZONE_PUBLISHER_HANDLER;
  readonly types = [PROVIDER_ZONE_CHANGED];
  readonly oneDestination = true;

  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly settings: DkimSettings,
    private readonly handlers: OutboxHandlers,
  ) {}

  onModuleInit(): void {
    if (this.settings.publisher !== 'none') this.handlers.register(this);
  }

  async handle(message: OutboxDelivery): Promise<void> {
    if (message.version !== 1) throw new PermanentFailure(`${message.type} version ${message.version} is unknown to this handler`);
    const { accountId } = message.data as unknown as ProviderZoneChangedV1;
    const zone = this.settings.zone;
    if (accountId === null) {
      await this.commandBus.execute(new ApplyZoneChangesCommand(zone.zone, zoneRRsets(zone)));
      return;
    }
    await this.unitOfWork.run(async () => {
      const keys = (await this.repository.lockExisting(accountId)) ? await this.repository.keysOf(accountId) : [];
      await this.commandBus.execute(new ApplyZoneChangesCommand(zone.zone, accountRRsets(zone, accountId, keys)));
    });
  }
}
