// Public face of the dkim module: its Nest module and settings, commands, queries and read types.
export { DkimModule } from './dkim.module.js';
export { DkimSettings } from './application/dkim.settings.js';
export { KeyServing, type ServedKey } from './application/key-serving.port.js';
export { DKIM_ROTATED, type DkimRotatedV1 } from './application/dkim-messages.js';
export { EnsureAccountKeysCommand, ReleaseAccountKeysCommand, RepublishAccountZoneCommand } from './application/commands/account-keys.commands.js';
export {
  type AccountKeyView,
  GetAccountKeysQuery,
  GetProviderZoneFileQuery,
  GetProviderZoneQuery,
  type ProviderZoneView,
  type ZonePublication,
} from './application/queries/provider-zone.queries.js';
export { KEY_STATES, type KeyState, SELECTORS, type Selector } from './domain/dkim-key.js';
export { type AccountDkimView, GetAccountDkimQuery, GetSigningKeyQuery, type SelectorView, type SigningKey } from './application/queries/account-dkim.queries.js';
export { RotateAccountKeysCommand } from './application/commands/rotate-keys.command.js';
export type { ProviderZoneRecord, ProviderZoneSettings } from './domain/provider-zone.js';

import { DkimKeyOrmEntity } from './infrastructure/dkim-key.orm-entity.js';
import { CreateDkimKeys1732350011000 } from './infrastructure/migrations/1732350011000-create-dkim-keys.js';
import { DkimKeyRetirement1732350012000 } from './infrastructure/migrations/1732350012000-dkim-key-retirement.js';
/** For the composition root's DataSource only. */
export const dkimPersistence = { entities: [DkimKeyOrmEntity], migrations: [CreateDkimKeys1732350011000, DkimKeyRetirement1732350012000] };
