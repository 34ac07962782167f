// Public face of the idempotency module.
import { CreateIdempotencyKeys1732350007000 } from './infrastructure/migrations/1732350007000-create-idempotency-keys.js';
import { IdempotencyClaimLease1732350010000 } from './infrastructure/migrations/1732350010000-idempotency-claim-lease.js';

export { IdempotencyModule } from './idempotency.module.js';
export { Idempotency, IDEMPOTENCY_TTL_MS, type Begun, type IdempotencySettings } from './application/idempotency.service.js';
export type { StoredAnswer } from './domain/idempotency-store.port.js';

/** Tables and migrations, for the composition root's DataSource. */
export const idempotencyPersistence = { entities: [], migrations: [CreateIdempotencyKeys1732350007000, IdempotencyClaimLease1732350010000] };
