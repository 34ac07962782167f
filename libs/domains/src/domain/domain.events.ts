import type { DomainStatus } from './domain-status.js';

/** Facts about a sending domain, published after the transaction that produced them commits. */
export interface DomainEventBase {
  readonly domainId: number;
  readonly accountId: string;
  readonly domain: string;
  readonly occurredAt: Date;
}

export class DomainRegisteredEvent implements DomainEventBase {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly emailAddress: string | null,
    readonly occurredAt: Date,
  ) {}
}

export class DomainDeletedEvent implements DomainEventBase {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly occurredAt: Date,
  ) {}
}

/** Any status change; the specific events below say why. */
export class DomainStatusChangedEvent implements DomainEventBase {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly emailAddress: string | null,
    readonly from: DomainStatus,
    readonly to: DomainStatus,
    readonly occurredAt: Date,
  ) {}
}

/** All required records were found valid and the domain became active. */
export class DomainVerifiedEvent implements DomainEventBase {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly from: DomainStatus,
    readonly occurredAt: Date,
  ) {}
}

/** The domain became failed: the verification window ran out, or records stayed broken. */
export class DomainVerificationFailedEvent implements DomainEventBase {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly from: DomainStatus,
    readonly reason: string,
    readonly occurredAt: Date,
  ) {}
}

export type DomainEvent =
  | DomainRegisteredEvent
  | DomainDeletedEvent
  | DomainStatusChangedEvent
  | DomainVerifiedEvent
  | DomainVerificationFailedEvent;
