import { DOMAIN_RECORDS_CHANGED, DOMAIN_STATUS_CHANGED, DOMAIN_UPDATED, readDomainSnapshot } from '#domains';
import type { OutboxMessage } from '#shared-kernel';
import { DKIM_ROTATED, DOMAIN_FAILED, DOMAIN_VERIFIED, type WebhookDeliveryView, type WebhookEndpointView, WebhookPayloads } from '#webhooks';
import { Injectable } from '@nestjs/common';
import { toDomainDto } from './domains.mapper.js';
import type { WebhookDeliveryDto, WebhookEndpointDto } from './webhooks.dto.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toEndpointDto(e: WebhookEndpointView): WebhookEndpointDto {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    accountIds: e.accountIds,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    failingSince: iso(e.failingSince),
    secretRotatedAt: iso(e.secretRotatedAt),
    previousSecretExpiresAt: iso(e.previousSecretExpiresAt),
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
  };
}

export function toDeliveryDto(d: WebhookDeliveryView): WebhookDeliveryDto {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    webhookId: d.webhookId,
    eventType: d.eventType,
    eventTimestamp: iso(d.eventTimestamp)!,
    status: d.status,
    attempts: d.attempts.map((a) => ({ at: a.at, trigger: a.trigger, statusCode: a.statusCode, durationMs: a.durationMs, error: a.error, response: a.response })),
    nextAttemptAt: iso(d.nextAttemptAt),
    createdAt: iso(d.createdAt)!,
    deliveredAt: iso(d.deliveredAt),
    failure: d.failure,
  };
}

const STATUS_TYPES = new Set([DOMAIN_STATUS_CHANGED, DOMAIN_VERIFIED, DOMAIN_FAILED]);

/**
 * The webhooks' `data` in the native API's representation: a domain event's domain exactly as
 * GET …/domains/{id} shows it (toDomainDto), from the snapshot the event carries, so a receiver
 * gets the state the event describes; a status change's `previousStatus` and `reason` beside its
 * fields, an update's `changes`, a records change's `reason`. `dkim.rotated` is the account's
 * rotation as the dkim module wrote it.
 */
@Injectable()
export class NativeWebhookPayloads extends WebhookPayloads {
  render(message: OutboxMessage): Record<string, unknown> {
    const data = message.data;
    if (message.type === DKIM_ROTATED) {
      return { accountId: data.accountId, selector: data.selector, previousSelector: data.previousSelector, revoked: data.revoked, rotatedAt: data.rotatedAt };
    }
    const snapshot = readDomainSnapshot(data);
    if (!snapshot) throw new Error(`${message.type} ${message.id} carries no domain snapshot`);
    const domain = toDomainDto(snapshot.domain, snapshot.records);
    if (STATUS_TYPES.has(message.type)) return { ...domain, previousStatus: data.previousStatus, status: data.status, reason: data.reason };
    if (message.type === DOMAIN_UPDATED) return { ...domain, changes: data.changes };
    if (message.type === DOMAIN_RECORDS_CHANGED) return { ...domain, reason: data.reason };
    return { ...domain };
  }
}
