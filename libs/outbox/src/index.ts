// Public face of the outbox module: its Nest module, its query, settings and read types.
export { OutboxModule } from './outbox.module.js';
export { OutboxRelay } from './application/outbox-relay.js';
export { OutboxSettings } from './application/outbox.settings.js';
export { GetOutboxHandlerStateQuery, GetOutboxStatsQuery } from './application/get-outbox-stats.query.js';
export { OUTBOX_STATES, type OutboxHandlerState, type OutboxState, type OutboxStats } from './domain/outbox-store.port.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './domain/retry-policy.js';

import { OutboxEntryOrmEntity } from './infrastructure/outbox-entry.orm-entity.js';
import { CreateOutbox1732350008000 } from './infrastructure/migrations/1732350008000-create-outbox.js';
import { OutboxRoomForClaims1732350025000 } from './infrastructure/migrations/1732350025000-outbox-room-for-claims.js';
/** For the composition root's DataSource only. */
export const outboxPersistence = { entities: [OutboxEntryOrmEntity], migrations: [CreateOutbox1732350008000, OutboxRoomForClaims1732350025000] };
