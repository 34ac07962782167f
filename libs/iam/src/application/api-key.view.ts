import type { ApiKey } from '../domain/api-key.entity.js';
import type { Permission } from '../domain/permission.js';

export interface ApiKeyView {
  id: string;
  name: string | null;
  prefix: string;
  accountIds: string[];
  permissions: Permission[];
  createdAt: Date;
  revokedAt: Date | null;
}

export function toApiKeyView(key: ApiKey): ApiKeyView {
  const { hash: _hash, ...view } = key.snapshot();
  return view;
}
