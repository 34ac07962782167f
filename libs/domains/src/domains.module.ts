import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplyVerificationResultsHandler } from './application/commands/apply-verification-results.handler.js';
import { ClaimDueDomainsHandler, ReleaseClaimsHandler, RenewClaimsHandler } from './application/commands/claim-due-domains.handler.js';
import { DeleteDomainHandler } from './application/commands/delete-domain.handler.js';
import { RegisterDomainHandler } from './application/commands/register-domain.handler.js';
import { UpdateDomainHandler } from './application/commands/update-domain.handler.js';
import { ReleasePendingIdentitiesHandler } from './application/commands/release-provider-identity.handler.js';
import { DomainMessages } from './application/domain-messages.js';
import { SyncProviderHandler } from './application/commands/sync-provider.handler.js';
import { DomainProviders } from './application/domain-providers.js';
import { DomainReadModel } from './application/domain-details.view.js';
import { GetDomainDetailsHandler } from './application/queries/get-domain-details.handler.js';
import { ListDomainsHandler } from './application/queries/list-domains.handler.js';
import { GetDomainStatsHandler } from './application/queries/get-domain-stats.handler.js';
import { StreamSeedDomainConfigsHandler } from './application/queries/stream-seed-domain-configs.handler.js';
import { GetDomainHandler, GetDomainsHandler } from './application/queries/get-domain.handler.js';
import { FindSigningDomainsHandler, ListSignableDomainsHandler } from './application/queries/signing-domains.handler.js';
import { SendingDomainRepository } from './domain/sending-domain.repository.port.js';
import { SqlDomainReadModel } from './infrastructure/sql-domain-read-model.js';
import { TypeOrmSendingDomainRepository } from './infrastructure/typeorm-sending-domain.repository.js';

/** Needs a `DomainsSettings` provider from the composition root. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: SendingDomainRepository, useClass: TypeOrmSendingDomainRepository },
    { provide: DomainReadModel, useClass: SqlDomainReadModel },
    UpdateDomainHandler,
    DomainProviders,
    DomainMessages,
    SyncProviderHandler,
    ReleasePendingIdentitiesHandler,
    ListDomainsHandler,
    GetDomainStatsHandler,
    StreamSeedDomainConfigsHandler,
    GetDomainDetailsHandler,
    RegisterDomainHandler,
    DeleteDomainHandler,
    ApplyVerificationResultsHandler,
    ClaimDueDomainsHandler,
    RenewClaimsHandler,
    ReleaseClaimsHandler,
    GetDomainHandler,
    GetDomainsHandler,
    FindSigningDomainsHandler,
    ListSignableDomainsHandler,
  ],
})
export class DomainsModule {}
