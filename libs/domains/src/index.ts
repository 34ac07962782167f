// Public face of the domains module: commands, queries, events and read types. Nothing else.
export { DomainsModule } from './domains.module.js';
export { DOMAIN_STATUSES, type DomainStatus } from './domain/domain-status.js';
export type { VerificationOutcome } from './domain/sending-domain.entity.js';
export { DEFAULT_VERIFICATION_POLICY, type VerificationPolicy } from './domain/verification-policy.js';
export type { DomainView } from './application/domain.view.js';
export { RegisterDomainCommand } from './application/commands/register-domain.command.js';
export { DeleteDomainCommand } from './application/commands/delete-domain.command.js';
export { ApplyVerificationResultsCommand, type VerificationResult } from './application/commands/apply-verification-results.command.js';
export {
  DOMAIN_CREATED,
  DOMAIN_DELETED,
  DOMAIN_MESSAGE_TYPES,
  DOMAIN_RECORDS_CHANGED,
  DOMAIN_STATUS_CHANGED,
  DOMAIN_UPDATED,
  readDomainSnapshot,
  type DomainMessageV1,
  type DomainRecordsChangedV1,
  type DomainSnapshotV1,
  type DomainStatusChangedV1,
  type DomainUpdatedV1,
} from './application/domain-messages.js';
export { DOMAIN_CHANGE_FIELDS, type DomainChangeField, type RecordsChangeReason } from './domain/domain.events.js';
export { ClaimDueDomainsCommand, ReleaseClaimsCommand, RenewClaimsCommand } from './application/commands/claim-due-domains.command.js';
export { SyncProviderCommand } from './application/commands/sync-provider.command.js';
export { ReleasePendingIdentitiesCommand } from './application/commands/release-provider-identity.command.js';
export type { ProviderState } from './domain/sending-domain.entity.js';
export { DomainsSettings } from './application/domains.settings.js';
export { ListDomainsQuery } from './application/queries/list-domains.query.js';
export { GetDomainStatsQuery } from './application/queries/get-domain-stats.query.js';
export { StreamSeedDomainConfigsQuery } from './application/queries/stream-seed-domain-configs.query.js';
export { GetDomainDetailsQuery } from './application/queries/get-domain-details.query.js';
export { UpdateDomainCommand, type DomainPatch } from './application/commands/update-domain.command.js';
export type { RegistrationInput } from './application/commands/register-domain.command.js';
export { DOMAIN_SORTS, type DomainDetailsView, type DomainFilter, type DomainSort, type DomainStats } from './application/domain-details.view.js';
export { DEFAULT_SETTINGS, LIMITS as DOMAIN_FIELD_LIMITS, SPAM_ACTIONS, WEB_SCHEMES, type DomainSettings, type RecordOptions } from './domain/domain-options.js';
export { GetDomainQuery, GetDomainsQuery } from './application/queries/get-domain.query.js';
export { FindSigningDomainsQuery, ListSignableDomainsQuery, type SigningDomainView } from './application/queries/signing-domains.query.js';

import { CreateSendingDomains1732350000000 } from './infrastructure/migrations/1732350000000-create-sending-domains.js';
import { NativeDomainFields1732350004000 } from './infrastructure/migrations/1732350004000-native-domain-fields.js';
import { DomainProvider1732350006000 } from './infrastructure/migrations/1732350006000-domain-provider.js';
import { SortByDisplayName1732350009000 } from './infrastructure/migrations/1732350009000-sort-by-display-name.js';
import { SendingDomainOrmEntity } from './infrastructure/sending-domain.orm-entity.js';
/** For the composition root's DataSource only. */
export const domainsPersistence = { entities: [SendingDomainOrmEntity], migrations: [CreateSendingDomains1732350000000, NativeDomainFields1732350004000, DomainProvider1732350006000, SortByDisplayName1732350009000] };
