import type { DnsRecord } from './dns-record.entity.js';

/** Port: persistence of DnsRecord entities. */
export abstract class DnsRecordRepository {
  abstract insertAll(records: DnsRecord[]): Promise<void>;
  /** Records of these domains, ordered by domain then profile position. */
  abstract findByDomains(domainIds: number[]): Promise<DnsRecord[]>;
  abstract saveChecks(records: DnsRecord[]): Promise<void>;
  abstract removeByDomain(domainId: number): Promise<void>;
}
