import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplyVerificationOutcomeHandler } from './application/commands/apply-verification-outcome.handler.js';
import { ClaimDueDomainsHandler } from './application/commands/claim-due-domains.handler.js';
import { DeleteDomainHandler } from './application/commands/delete-domain.handler.js';
import { RegisterDomainHandler } from './application/commands/register-domain.handler.js';
import { GetDomainHandler } from './application/queries/get-domain.handler.js';
import { ListAccountDomainsHandler } from './application/queries/list-account-domains.handler.js';
import { SendingDomainRepository } from './domain/sending-domain.repository.port.js';
import { TypeOrmSendingDomainRepository } from './infrastructure/typeorm-sending-domain.repository.js';

/** Needs a `DomainsSettings` provider from the composition root. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: SendingDomainRepository, useClass: TypeOrmSendingDomainRepository },
    RegisterDomainHandler,
    DeleteDomainHandler,
    ApplyVerificationOutcomeHandler,
    ClaimDueDomainsHandler,
    ListAccountDomainsHandler,
    GetDomainHandler,
  ],
})
export class DomainsModule {}
