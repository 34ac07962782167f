import type { AccountScope, Page, PageRequest, SealedKey } from '#shared-kernel';
import type { WebhookEndpoint } from './webhook-endpoint.js';

/** Port: webhook endpoints. Lookups take the caller's scope: an endpoint outside it is not found. */
export abstract class EndpointRepository {
  abstract insert(endpoint: WebhookEndpoint): Promise<void>;
  abstract update(endpoint: WebhookEndpoint): Promise<void>;
  /** The endpoint if the scope may see it; `lock`: FOR UPDATE (inside a transaction). */
  abstract find(id: string, scope: AccountScope, options?: { lock?: boolean }): Promise<WebhookEndpoint | null>;
  /** The endpoints the scope may see, newest first. */
  abstract list(scope: AccountScope, page: PageRequest): Promise<Page<WebhookEndpoint>>;
  abstract delete(id: string): Promise<void>;
  /** Secrets sealed under another key-encryption key than `currentKekId`, a batch at a time (to seal them again). */
  abstract sealedElsewhere(currentKekId: string, limit: number): Promise<{ id: string; secret: SealedKey; previousSecret: SealedKey | null }[]>;
  /** Stores secrets sealed again, where they are still the ones read. */
  abstract resealed(id: string, before: { secret: SealedKey; previousSecret: SealedKey | null }, after: { secret: SealedKey; previousSecret: SealedKey | null }): Promise<void>;
}
