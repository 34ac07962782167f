import type { AccountScope } from '#shared-kernel';
import type { DnsRecord } from './dns-record.entity.js';

/** Port: persistence of DnsRecord entities. */
export abstract class DnsRecordRepository {
  /** Inserts new records; returns them with their ids. */
  abstract insertAll(records: DnsRecord[]): Promise<DnsRecord[]>;
  /** Records of these domains within `scope`, ordered by domain then profile position. */
  abstract findByDomains(domainIds: number[], scope: AccountScope): Promise<DnsRecord[]>;
  /** Saves each record's check state and position. */
  abstract saveAll(records: DnsRecord[]): Promise<void>;
  abstract remove(recordIds: number[]): Promise<void>;
  abstract removeByDomain(domainId: number): Promise<void>;
}
