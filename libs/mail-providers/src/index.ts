// Public face of the mail-providers module: its commands, queries, read types and errors.
export { MailProvidersModule, type MailProvidersOptions } from './mail-providers.module.js';
export {
  PROVIDER_NAMES,
  ProviderError,
  type IdentityRequest,
  type ProviderCheck,
  type ProviderIdentity,
  type ProviderName,
  type ProviderRecords,
  type ProviderStatus,
  type StoredProviderStatus,
} from './domain/mail-provider.port.js';
export {
  DeprovisionIdentityCommand,
  GetProviderRecordsQuery,
  GetProvidersQuery,
  GetProviderStatusQuery,
  ProvisionIdentityCommand,
  SendMailCommand,
} from './application/provider.commands.js';
