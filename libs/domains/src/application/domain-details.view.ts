import type { DnsRecordView } from '#dns-records';
import type { DomainStatus } from '../domain/domain-status.js';
import type { DomainView } from './domain.view.js';

/** A domain with its records, as the read model answers it (lists, one domain, zone file). */
export interface DomainDetailsView extends DomainView {
  records: DnsRecordView[];
}

export const DOMAIN_SORTS = ['createdAt', '-createdAt', 'domain', '-domain'] as const;
export type DomainSort = (typeof DOMAIN_SORTS)[number];

/** Which domains of an account a list shows, and in which order. */
export interface DomainFilter {
  statuses?: readonly DomainStatus[];
  /** prefix of the name, in Unicode or in its ASCII (punycode) form */
  search?: string;
  sort: DomainSort;
}

/** Port: the read model of domains with their records, in one SQL statement per question. */
export abstract class DomainReadModel {
  abstract list(accountId: string, filter: DomainFilter, page: { limit: number; offset: number }): Promise<{ items: DomainDetailsView[]; total: number }>;
  abstract get(domainId: number, accountId: string): Promise<DomainDetailsView | null>;
  /**
   * Every live domain of the account, oldest first, as seed 000's `domainConfig` objects already
   * rendered as JSON text (id, domain, accountId, isValid, createdOn, modifiedOn, deletedOn,
   * dnsRecords: DKIM and return path), for the Email Configuration API's list, the contract this
   * service implements exactly. Read a page of `batchSize` at a time: memory stays flat however
   * many there are.
   */
  abstract streamSeedConfigs(accountId: string, batchSize: number): AsyncIterableIterator<string[]>;
  /** Live domains by status, and when the most overdue check was due (null: none is due). */
  abstract stats(now: Date): Promise<DomainStats>;
}

export interface DomainStats {
  byStatus: Partial<Record<DomainStatus, number>>;
  oldestDueAt: Date | null;
}
