// Public face of the webhooks module: its Nest module and settings, the payload port, commands, queries and read types.
export { WebhooksModule, type WebhooksModuleOptions } from './webhooks.module.js';
export { WebhooksSettings } from './application/webhooks.settings.js';
export { WebhookPayloads } from './application/webhook-payloads.port.js';
export { DKIM_ROTATED, DOMAIN_FAILED, DOMAIN_VERIFIED, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST } from './application/event-types.js';
export {
  CreateWebhookEndpointCommand,
  DeleteWebhookEndpointCommand,
  type EndpointInput,
  type EndpointPatch,
  RetryDeliveryCommand,
  RotateWebhookSecretCommand,
  SendTestEventCommand,
  UpdateWebhookEndpointCommand,
} from './application/commands/endpoint.commands.js';
export { GetWebhookEndpointQuery, GetWebhookStatsQuery, ListWebhookDeliveriesQuery, ListWebhookEndpointsQuery } from './application/queries/webhook.queries.js';
export type { WebhookDeliveryView, WebhookEndpointView } from './application/webhook.views.js';
export { ATTEMPT_TRIGGERS, DELIVERY_STATUSES, type AttemptTrigger, type DeliveryAttempt, type DeliveryStatus } from './domain/delivery.js';
export { ENDPOINT_CONCURRENCY, TOTAL_CONCURRENCY } from './application/delivery-worker.js';
export { MAX_URL_LENGTH as WEBHOOK_URL_MAX } from './domain/webhook-url.js';
export { MAX_ACCOUNTS as WEBHOOK_ACCOUNTS_MAX, MAX_DESCRIPTION as WEBHOOK_DESCRIPTION_MAX, MAX_EVENT_TYPES as WEBHOOK_EVENT_TYPES_MAX } from './domain/webhook-endpoint.js';

import { WebhookDeliveryOrmEntity, WebhookEndpointOrmEntity, WebhookMessageOrmEntity } from './infrastructure/webhook.orm-entities.js';
import { CreateWebhooks1732350020000 } from './infrastructure/migrations/1732350020000-create-webhooks.js';
import { WebhookFirstAttempt1732350021000 } from './infrastructure/migrations/1732350021000-webhook-first-attempt.js';
import { WebhookDeliveriesUnconstrained1732350022000 } from './infrastructure/migrations/1732350022000-webhook-deliveries-unconstrained.js';
import { WebhookFirstTriesInPlace1732350023000 } from './infrastructure/migrations/1732350023000-webhook-first-tries-in-place.js';
import { WebhookRecordOutcomesFunction1732350024000 } from './infrastructure/migrations/1732350024000-webhook-record-outcomes-function.js';
import { WebhookCompactOutcomes1732350025000 } from './infrastructure/migrations/1732350025000-webhook-compact-outcomes.js';
/** For the composition root's DataSource only. */
export const webhooksPersistence = { entities: [WebhookEndpointOrmEntity, WebhookMessageOrmEntity, WebhookDeliveryOrmEntity], migrations: [CreateWebhooks1732350020000, WebhookFirstAttempt1732350021000, WebhookDeliveriesUnconstrained1732350022000, WebhookFirstTriesInPlace1732350023000, WebhookRecordOutcomesFunction1732350024000, WebhookCompactOutcomes1732350025000] };
