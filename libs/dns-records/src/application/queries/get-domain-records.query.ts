import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DnsRecordView } from '../dns-record.view.js';

/** The records of these domains that lie within `scope`, in profile order (domain by domain). */
export class GetDomainRecordsQuery extends Query<DnsRecordView[]> {
  constructor(
    readonly domainIds: number[],
    readonly scope: AccountScope,
  ) {
    super();
  }
}
