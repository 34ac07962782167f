// Public face of the iam module: commands, queries, the guard's decorators and read types.
export { IamModule } from './iam.module.js';
export { PERMISSIONS, type Permission } from './domain/permission.js';
export type { Principal } from './application/principal.js';
export type { ApiKeyView } from './application/api-key.view.js';
export { CreateApiKeyCommand } from './application/commands/create-api-key.command.js';
export { RevokeApiKeyCommand } from './application/commands/revoke-api-key.command.js';
export { EnsureAdminKeyCommand } from './application/commands/ensure-admin-key.command.js';
export { ListApiKeysQuery } from './application/queries/list-api-keys.query.js';
export { AuthenticateQuery } from './application/queries/authenticate.query.js';
export { ApiKeyHeader, CurrentPrincipal, KEY_HEADER, presentedKey, Public, RequirePermission } from './interface/permissions.decorator.js';

import { ApiKeyOrmEntity } from './infrastructure/api-key.orm-entity.js';
import { CreateApiKeys1732350002000 } from './infrastructure/migrations/1732350002000-create-api-keys.js';
/** For the composition root's DataSource only. */
export const iamPersistence = { entities: [ApiKeyOrmEntity], migrations: [CreateApiKeys1732350002000] };
