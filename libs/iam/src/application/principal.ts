import type { AccountScope } from '#shared-kernel';
import type { Permission } from '../domain/permission.js';

/** Who is calling: the authenticated API key's scope and permissions. */
export interface Principal {
  keyId: string;
  scope: AccountScope;
  permissions: readonly Permission[];
}
