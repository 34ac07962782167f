import type { DeliveryRecord } from '../domain/delivery.js';
import { webhookId } from '../domain/signature.js';
import type { WebhookEndpoint } from '../domain/webhook-endpoint.js';

/** An endpoint as the API shows it: never a secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  accountIds: string[];
  enabled: boolean;
  /** why it is disabled (410 Gone, every delivery failing for WEBHOOK_DISABLE_AFTER_HOURS, by request) */
  disabledReason: string | null;
  disabledAt: Date | null;
  /** since when every attempt has failed (null: the last one succeeded) */
  failingSince: Date | null;
  secretRotatedAt: Date | null;
  /** until when messages carry the previous secret's signature too (null: no overlap now) */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toEndpointView(endpoint: WebhookEndpoint, now: Date): WebhookEndpointView {
  const s = endpoint.snapshot();
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    events: [...s.events],
    accountIds: [...s.accountIds],
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt,
    failingSince: s.failingSince,
    secretRotatedAt: s.secretRotatedAt,
    previousSecretExpiresAt: s.previousSecret && s.previousSecretUntil && s.previousSecretUntil > now ? s.previousSecretUntil : null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** A delivery in the log, with the `webhook-id` its attempts carried. */
export interface WebhookDeliveryView extends DeliveryRecord {
  webhookId: string;
}

export const toDeliveryView = (record: DeliveryRecord): WebhookDeliveryView => ({ ...record, webhookId: webhookId(record.eventId) });
