import { DKIM_ROTATED } from '#dkim';
import { DOMAIN_CREATED, DOMAIN_DELETED, DOMAIN_MESSAGE_TYPES, DOMAIN_RECORDS_CHANGED, DOMAIN_STATUS_CHANGED, DOMAIN_UPDATED } from '#domains';

export { DKIM_ROTATED };
/**
 * A status change to `active`, as a webhook type of its own (what most receivers wait for): made
 * by the fan-out from `domain.status_changed`, with the same data and an event id of its own.
 */
export const DOMAIN_VERIFIED = 'domain.verified';
/** A status change to `failed`, as a webhook type of its own (as DOMAIN_VERIFIED). */
export const DOMAIN_FAILED = 'domain.failed';

/** The outbox messages the webhooks take. */
export const SOURCE_TYPES: readonly string[] = [...DOMAIN_MESSAGE_TYPES, DKIM_ROTATED];
/** Sent to one endpoint on request (POST …/test); no endpoint subscribes to it. */
export const WEBHOOK_TEST = 'webhook.test';

/** The event types an endpoint may subscribe to. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [DOMAIN_CREATED, DOMAIN_UPDATED, DOMAIN_STATUS_CHANGED, DOMAIN_VERIFIED, DOMAIN_FAILED, DOMAIN_DELETED, DOMAIN_RECORDS_CHANGED, DKIM_ROTATED];
