// Public face of the domains module: commands, queries, events and read types. Nothing else.
export { DomainsModule } from './domains.module.js';
export { DOMAIN_STATUSES, type DomainStatus } from './domain/domain-status.js';
export * from './domain/domain.events.js';
export type { VerificationOutcome } from './domain/sending-domain.entity.js';
export { DEFAULT_VERIFICATION_POLICY, type VerificationPolicy } from './domain/verification-policy.js';
export type { DomainView } from './application/domain.view.js';
export { RegisterDomainCommand } from './application/commands/register-domain.command.js';
export { DeleteDomainCommand } from './application/commands/delete-domain.command.js';
export { ApplyVerificationOutcomeCommand } from './application/commands/apply-verification-outcome.command.js';
export { ClaimDueDomainsCommand } from './application/commands/claim-due-domains.command.js';
export { DomainsSettings } from './application/domains.settings.js';
export { ListAccountDomainsQuery } from './application/queries/list-account-domains.query.js';
export { GetDomainQuery } from './application/queries/get-domain.query.js';

import { CreateSendingDomains1732350000000 } from './infrastructure/migrations/1732350000000-create-sending-domains.js';
import { SendingDomainOrmEntity } from './infrastructure/sending-domain.orm-entity.js';
/** For the composition root's DataSource only. */
export const domainsPersistence = { entities: [SendingDomainOrmEntity], migrations: [CreateSendingDomains1732350000000] };
