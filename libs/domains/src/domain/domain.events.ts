import type { DomainStatus } from './domain-status.js';

/** The fields a change of a domain's own settings (a PATCH, the default switched) may touch. */
export const DOMAIN_CHANGE_FIELDS = ['description', 'externalId', 'metadata', 'emailAddress', 'settings', 'trackingPrefix', 'isDefault'] as const;
export type DomainChangeField = (typeof DOMAIN_CHANGE_FIELDS)[number];

/** Why the records a customer must publish changed. */
export type RecordsChangeReason = 'trackingPrefix' | 'provider';

/** A domain was registered. */
export class DomainCreatedEvent {
  readonly kind = 'created';
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly occurredAt: Date,
  ) {}
}

/** Fields of the domain changed (not its status: that is DomainStatusChangedEvent). */
export class DomainUpdatedEvent {
  readonly kind = 'updated';
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly changes: readonly DomainChangeField[],
    readonly occurredAt: Date,
  ) {}
}

/**
 * The domain's status changed (every transition but the delete): written to the outbox in the
 * transaction that made the change, as `domain.status_changed` (see domain-messages.ts).
 */
export class DomainStatusChangedEvent {
  readonly kind = 'status_changed';
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly emailAddress: string | null,
    readonly from: DomainStatus,
    readonly to: DomainStatus,
    /** why, in words, when verification or a request decided it (failed: which records, for how long) */
    readonly reason: string | null,
    readonly occurredAt: Date,
  ) {}
}

/** The domain was deleted (soft: the name can be registered again). */
export class DomainDeletedEvent {
  readonly kind = 'deleted';
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly occurredAt: Date,
  ) {}
}

/** What the customer must publish changed: a new tracking prefix, or the provider's records arrived later. */
export class DomainRecordsChangedEvent {
  readonly kind = 'records_changed';
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly reason: RecordsChangeReason,
    readonly occurredAt: Date,
  ) {}
}

export type DomainEvent = DomainCreatedEvent | DomainUpdatedEvent | DomainStatusChangedEvent | DomainDeletedEvent | DomainRecordsChangedEvent;
