import type { ApiKey } from './api-key.entity.js';

export abstract class ApiKeyRepository {
  abstract insert(key: ApiKey): Promise<void>;
  abstract upsert(key: ApiKey): Promise<void>;
  abstract update(key: ApiKey): Promise<void>;
  abstract findByHash(hash: string): Promise<ApiKey | null>;
  abstract findById(id: string): Promise<ApiKey | null>;
  abstract list(): Promise<ApiKey[]>;
  abstract countActive(): Promise<number>;
}
