import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplyRecordChecksHandler } from './application/commands/apply-record-checks.handler.js';
import { GenerateDomainRecordsHandler } from './application/commands/generate-domain-records.handler.js';
import { RemoveDomainRecordsHandler } from './application/commands/remove-domain-records.handler.js';
import { GetDomainRecordsHandler } from './application/queries/get-domain-records.handler.js';
import { DnsRecordRepository } from './domain/dns-record.repository.port.js';
import { TypeOrmDnsRecordRepository } from './infrastructure/typeorm-dns-record.repository.js';

/** Needs a `DnsRecordsSettings` provider from the composition root. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: DnsRecordRepository, useClass: TypeOrmDnsRecordRepository },
    GenerateDomainRecordsHandler,
    RemoveDomainRecordsHandler,
    ApplyRecordChecksHandler,
    GetDomainRecordsHandler,
  ],
})
export class DnsRecordsModule {}
