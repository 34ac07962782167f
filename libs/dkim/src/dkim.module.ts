import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EnsureAccountKeysHandler, ReleaseAccountKeysHandler, RepublishAccountZoneHandler } from './application/commands/account-keys.handlers.js';
import { DkimKeys } from './application/dkim-keys.js';
import { DkimMaintenance } from './application/dkim-maintenance.js';
import { DkimSettings } from './application/dkim.settings.js';
import { KeyServing } from './application/key-serving.port.js';
import { GetAccountKeysHandler, GetProviderZoneFileHandler, GetProviderZoneHandler } from './application/queries/provider-zone.handlers.js';
import { GetAccountDkimHandler, GetSigningKeyHandler, RotateAccountKeysHandler } from './application/queries/account-dkim.handlers.js';
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
  /** `keyServing`: the adapter of the KeyServing port (what DNS serves at a key's name). */
  static forRoot(settings: DkimSettings, keyServing: Type<KeyServing>): DynamicModule {
    return {
      module: DkimModule,
      imports: [CqrsModule],
      providers: [
        { provide: DkimSettings, useValue: settings },
        { provide: KeyServing, useClass: keyServing },
        { provide: DkimKeyRepository, useClass: TypeOrmDkimKeyRepository },
        DkimKeys,
        DkimMaintenance,
        ZonePublisherHandler,
        EnsureAccountKeysHandler,
        ReleaseAccountKeysHandler,
        RepublishAccountZoneHandler,
        GetProviderZoneHandler,
        GetProviderZoneFileHandler,
        GetAccountKeysHandler,
        GetAccountDkimHandler,
        RotateAccountKeysHandler,
        GetSigningKeyHandler,
      ],
    };
  }
}
