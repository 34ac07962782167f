// Public face of the dkim module: its Nest module and settings, commands, queries and read types.
export { DkimModule } from './dkim.module.js';
export { DkimSettings } from './application/dkim.settings.js';
export { EnsureAccountKeysCommand, ReleaseAccountKeysCommand, RepublishAccountZoneCommand, WithdrawRetiredKeysCommand } from './application/commands/account-keys.commands.js';
export {
  type AccountKeyView,
  GetAccountKeysQuery,
  GetProviderZoneFileQuery,
  GetProviderZoneQuery,
  type ProviderZoneView,
  type ZonePublication,
} from './application/queries/provider-zone.queries.js';
export { KEY_STATES, type KeyState, SELECTORS, type Selector } from './domain/dkim-key.js';
export type { ProviderZoneRecord, ProviderZoneSettings } from './domain/provider-zone.js';

import { DkimKeyOrmEntity } from './infrastructure/dkim-key.orm-entity.js';
import { CreateDkimKeys1732350011000 } from './infrastructure/migrations/1732350011000-create-dkim-keys.js';
/** For the composition root's DataSource only. */
export const dkimPersistence = { entities: [DkimKeyOrmEntity], migrations: [CreateDkimKeys1732350011000] };
