import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Outbox, type OutboxMessage } from '#shared-kernel';
import type { DomainStatus } from '../domain/domain-status.js';
import type { DomainEvent } from '../domain/domain.events.js';
import type { SendingDomain } from '../domain/sending-domain.entity.js';

/** The outbox message of a status change (DomainStatusChangedEvent). */
export const DOMAIN_STATUS_CHANGED = 'domain.status_changed';

/** `data` of `domain.status_changed`, version 1. */
export interface DomainStatusChangedV1 {
  domainId: number;
  accountId: string;
  /** the name as DNS knows it (punycode for an IDN) */
  domain: string;
  /** the contact address at the time of the change */
  emailAddress: string | null;
  previousStatus: DomainStatus;
  status: DomainStatus;
  reason: string | null;
  /** ISO 8601 */
  occurredAt: string;
}

function toMessage(event: DomainEvent): OutboxMessage {
  const data: DomainStatusChangedV1 = {
    domainId: event.domainId,
    accountId: event.accountId,
    domain: event.domain,
    emailAddress: event.emailAddress,
    previousStatus: event.from,
    status: event.to,
    reason: event.reason,
    occurredAt: event.occurredAt.toISOString(),
  };
  return { id: randomUUID(), type: DOMAIN_STATUS_CHANGED, version: 1, occurredAt: event.occurredAt, data: { ...data } };
}

/** Writes what the aggregates recorded to the outbox, in the transaction that changed them. */
@Injectable()
export class DomainMessages {
  constructor(private readonly outbox: Outbox) {}

  async write(domains: readonly SendingDomain[]): Promise<void> {
    const messages = domains.flatMap((d) => d.pullEvents()).map(toMessage);
    if (messages.length > 0) await this.outbox.add(messages);
  }
}
