import type { DomainStatus } from './domain-status.js';

/**
 * The domain's status changed (every transition but the delete): written to the outbox in the
 * transaction that made the change, as `domain.status_changed` (see domain-messages.ts).
 */
export class DomainStatusChangedEvent {
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

export type DomainEvent = DomainStatusChangedEvent;
