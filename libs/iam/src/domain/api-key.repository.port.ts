import type { AccountScope, Page, PageRequest } from '#shared-kernel';
import type { ApiKey } from './api-key.entity.js';

export abstract class ApiKeyRepository {
  abstract insert(key: ApiKey): Promise<void>;
  abstract upsert(key: ApiKey): Promise<void>;
  abstract update(key: ApiKey): Promise<void>;
  abstract findByHash(hash: string): Promise<ApiKey | null>;
  abstract findById(id: string): Promise<ApiKey | null>;
  /** Keys visible to `scope` (see ApiKey.isVisibleTo), newest first. */
  abstract list(scope: AccountScope, page: PageRequest): Promise<Page<ApiKey>>;
  /**
   * The live keys that manage keys on every account, locked until the transaction ends, so two
   * concurrent revocations cannot both remove the last ones.
   */
  abstract lockAllAccountsManagers(): Promise<ApiKey[]>;
}
