import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EnsureAccountKeysHandler, ReleaseAccountKeysHandler, RepublishAccountZoneHandler, WithdrawRetiredKeysHandler } from './application/commands/account-keys.handlers.js';
import { DkimKeys } from './application/dkim-keys.js';
import { DkimMaintenance } from './application/dkim-maintenance.js';
import { DkimSettings } from './application/dkim.settings.js';
import { GetAccountKeysHandler, GetProviderZoneFileHandler, GetProviderZoneHandler } from './application/queries/provider-zone.handlers.js';
import { ZonePublisherHandler } from './application/zone-publisher.handler.js';
import { DkimKeyRepository } from './domain/dkim-key.repository.port.js';
import { TypeOrmDkimKeyRepository } from './infrastructure/typeorm-dkim-key.repository.js';

/**
 * The built-in provider's DKIM keys and the provider zone they are published in: keys per account
 * and selector (sealed at rest), the zone's records, and their publication through the outbox to
 * the DnsZonePublisher of the dns-publishing module.
 */
@Module({})
export class DkimModule {
  static forRoot(settings: DkimSettings): DynamicModule {
    return {
      module: DkimModule,
      imports: [CqrsModule],
      providers: [
        { provide: DkimSettings, useValue: settings },
        { provide: DkimKeyRepository, useClass: TypeOrmDkimKeyRepository },
        DkimKeys,
        DkimMaintenance,
        ZonePublisherHandler,
        EnsureAccountKeysHandler,
        ReleaseAccountKeysHandler,
        WithdrawRetiredKeysHandler,
        RepublishAccountZoneHandler,
        GetProviderZoneHandler,
        GetProviderZoneFileHandler,
        GetAccountKeysHandler,
      ],
    };
  }
}
