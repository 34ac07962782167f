import { Query } from '@nestjs/cqrs';
import type { DnsRecordView } from '../dns-record.view.js';

/**
 * The records of one domain, in profile order. Does no access check: callers first make sure the
 * domain is visible to them (domains' GetDomainQuery).
 */
export class GetDomainRecordsQuery extends Query<DnsRecordView[]> {
  constructor(readonly domainIds: number[]) {
    super();
  }
}
