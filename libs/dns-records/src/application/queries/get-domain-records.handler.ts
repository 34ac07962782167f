import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { type DnsRecordView, toDnsRecordView } from '../dns-record.view.js';
import { GetDomainRecordsQuery } from './get-domain-records.query.js';

@QueryHandler(GetDomainRecordsQuery)
export class GetDomainRecordsHandler implements IQueryHandler<GetDomainRecordsQuery, DnsRecordView[]> {
  constructor(private readonly records: DnsRecordRepository) {}

  async execute({ domainIds, scope }: GetDomainRecordsQuery): Promise<DnsRecordView[]> {
    return (await this.records.findByDomains(domainIds, scope)).map(toDnsRecordView);
  }
}
