import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type DnsRecordView, GetDomainRecordsQuery, RecordsProjection } from '#dns-records';
import { AccountScope, Outbox, type OutboxMessage } from '#shared-kernel';
import type { DomainStatus } from '../domain/domain-status.js';
import { type DomainChangeField, type DomainEvent, DomainUpdatedEvent, type RecordsChangeReason } from '../domain/domain.events.js';
import type { SendingDomain } from '../domain/sending-domain.entity.js';
import { type DomainView, toDomainView } from './domain.view.js';

/** The outbox messages of the domains module (`<aggregate>.<fact>`), each of version 1. */
export const DOMAIN_CREATED = 'domain.created';
export const DOMAIN_UPDATED = 'domain.updated';
export const DOMAIN_STATUS_CHANGED = 'domain.status_changed';
export const DOMAIN_DELETED = 'domain.deleted';
export const DOMAIN_RECORDS_CHANGED = 'domain.records_changed';
export const DOMAIN_MESSAGE_TYPES = [DOMAIN_CREATED, DOMAIN_UPDATED, DOMAIN_STATUS_CHANGED, DOMAIN_DELETED, DOMAIN_RECORDS_CHANGED] as const;

/**
 * The domain as it was when the change committed: its view and its records as JSON (times as
 * ISO 8601 text). Consumers that show the domain (webhooks render it in the native
 * representation) read it back with `readDomainSnapshot`, so what they send is the state the
 * event describes, never a later one.
 */
export interface DomainSnapshotV1 {
  domain: Record<string, unknown>;
  records: Record<string, unknown>[];
}

/** What every domain message's data (version 1) holds. */
export interface DomainMessageV1 {
  domainId: number;
  accountId: string;
  /** the name as DNS knows it (punycode for an IDN) */
  domain: string;
  /** ISO 8601 */
  occurredAt: string;
  snapshot: DomainSnapshotV1;
}

/**
 * `data` of `domain.status_changed`, version 1. The
 * fields before `snapshot` are those of the first version, which the status e-mail reads;
 * `snapshot` was added beside them (readers of the first fields are unaffected).
 */
export interface DomainStatusChangedV1 {
  domainId: number;
  accountId: string;
  domain: string;
  /** the contact address at the time of the change */
  emailAddress: string | null;
  previousStatus: DomainStatus;
  status: DomainStatus;
  reason: string | null;
  occurredAt: string;
  snapshot?: DomainSnapshotV1;
}

/** `data` of `domain.updated`, version 1: which fields changed. */
export interface DomainUpdatedV1 extends DomainMessageV1 {
  changes: DomainChangeField[];
}

/** `data` of `domain.records_changed`, version 1: why the records to publish changed. */
export interface DomainRecordsChangedV1 extends DomainMessageV1 {
  reason: RecordsChangeReason;
}

const DOMAIN_DATES = ['statusChangedAt', 'createdOn', 'modifiedOn', 'deletedOn', 'lastCheckedAt', 'verifiedAt', 'nextCheckAt'] as const;

/** The domain and its records as a snapshot holds them, times as Dates again; null when `data` carries none. */
export function readDomainSnapshot(data: Record<string, unknown>): { domain: DomainView; records: DnsRecordView[] } | null {
  const snapshot = data.snapshot as DomainSnapshotV1 | undefined;
  if (!snapshot || typeof snapshot !== 'object' || !snapshot.domain || !Array.isArray(snapshot.records)) return null;
  const domain: Record<string, unknown> = { ...snapshot.domain };
  for (const key of DOMAIN_DATES) if (typeof domain[key] === 'string') domain[key] = new Date(domain[key]);
  const suspension = domain.suspension as { reason: string | null; at: string } | null;
  if (suspension) domain.suspension = { reason: suspension.reason, at: new Date(suspension.at) };
  return { domain: domain as unknown as DomainView, records: RecordsProjection.views(snapshot.records) };
}

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Several `updated` events of one domain in one transaction (its fields, then the default flag) are one change. */
function mergeUpdates(events: DomainEvent[]): DomainEvent[] {
  const at = new Map<number, number>();
  const out: DomainEvent[] = [];
  for (const event of events) {
    const index = event.kind === 'updated' ? at.get(event.domainId) : undefined;
    if (event.kind !== 'updated') out.push(event);
    else if (index === undefined) at.set(event.domainId, out.push(event) - 1);
    else {
      const earlier = out[index] as DomainUpdatedEvent;
      out[index] = new DomainUpdatedEvent(earlier.domainId, earlier.accountId, [...new Set([...earlier.changes, ...event.changes])], earlier.occurredAt);
    }
  }
  return out;
}

/**
 * Writes what the aggregates recorded to the outbox, in the transaction that changed them, each
 * message with the domain's snapshot at that moment (the view and the records: those given, or
 * read inside the transaction).
 */
@Injectable()
export class DomainMessages {
  constructor(
    private readonly outbox: Outbox,
    private readonly queryBus: QueryBus,
  ) {}

  /** `records`: the domains' records as the transaction leaves them, where the caller has them already. */
  async write(domains: readonly SendingDomain[], records: ReadonlyMap<number, readonly DnsRecordView[]> = new Map()): Promise<void> {
    const changed = domains.map((d) => ({ domain: d, events: mergeUpdates(d.pullEvents()) })).filter((c) => c.events.length > 0);
    if (changed.length === 0) return;
    const missing = changed.map((c) => c.domain.id).filter((id) => !records.has(id));
    const read = missing.length > 0 ? await this.queryBus.execute(new GetDomainRecordsQuery(missing, AccountScope.allAccounts())) : [];
    const messages: OutboxMessage[] = [];
    for (const { domain, events } of changed) {
      const own = records.get(domain.id) ?? read.filter((r) => r.domainId === domain.id);
      const snapshot: DomainSnapshotV1 = asJson({ domain: toDomainView(domain), records: own }) as unknown as DomainSnapshotV1;
      for (const event of events) messages.push(...toMessages(event, domain, snapshot));
    }
    await this.outbox.add(messages);
  }
}

function message(type: string, occurredAt: Date, data: object): OutboxMessage {
  return { id: randomUUID(), type, version: 1, occurredAt, data: { ...data } };
}

function toMessages(event: DomainEvent, domain: SendingDomain, snapshot: DomainSnapshotV1): OutboxMessage[] {
  const base: DomainMessageV1 = { domainId: event.domainId, accountId: event.accountId, domain: domain.name, occurredAt: event.occurredAt.toISOString(), snapshot };
  switch (event.kind) {
    case 'created':
      return [message(DOMAIN_CREATED, event.occurredAt, base)];
    case 'updated':
      return [message(DOMAIN_UPDATED, event.occurredAt, { ...base, changes: [...event.changes] } satisfies DomainUpdatedV1)];
    case 'deleted':
      return [message(DOMAIN_DELETED, event.occurredAt, base)];
    case 'records_changed':
      return [message(DOMAIN_RECORDS_CHANGED, event.occurredAt, { ...base, reason: event.reason } satisfies DomainRecordsChangedV1)];
    case 'status_changed': {
      const data: DomainStatusChangedV1 = {
        domainId: event.domainId,
        accountId: event.accountId,
        domain: event.domain,
        emailAddress: event.emailAddress,
        previousStatus: event.from,
        status: event.to,
        reason: event.reason,
        occurredAt: event.occurredAt.toISOString(),
        snapshot,
      };
      return [message(DOMAIN_STATUS_CHANGED, event.occurredAt, data)];
    }
  }
}
