// Public face of the dns-records module: commands, queries, read types and pure read helpers. Nothing else.
export { DnsRecordsModule } from './dns-records.module.js';
export type { DnsRecordView } from './application/dns-record.view.js';
export type { RecordCheckInput } from './domain/dns-record.entity.js';
export { OWNERSHIP_LABEL, type ProfileOptions } from './domain/record-profile.js';
export { summarizeChecks, type CheckSummary, type CheckedRecord, type ProviderView, type ProviderWord } from './domain/check-summary.js';
export { renderZoneFile, txtChunks, type ZoneRecord } from './domain/zone-file.js';
export { GenerateDomainRecordsCommand } from './application/commands/generate-domain-records.command.js';
export { RemoveDomainRecordsCommand } from './application/commands/remove-domain-records.command.js';
export { ApplyRecordChecksCommand } from './application/commands/apply-record-checks.command.js';
export { RecordsProjection } from './infrastructure/records-projection.js';
export { GetDomainRecordsQuery } from './application/queries/get-domain-records.query.js';

import { DnsRecordOrmEntity } from './infrastructure/dns-record.orm-entity.js';
import { CreateDnsRecords1732350001000 } from './infrastructure/migrations/1732350001000-create-dns-records.js';
import { SizeRecordColumnsForDns1732350003000 } from './infrastructure/migrations/1732350003000-size-record-columns-for-dns.js';
import { RecordCheckFields1732350005000 } from './infrastructure/migrations/1732350005000-record-check-fields.js';
/** For the composition root's DataSource only. */
export const dnsRecordsPersistence = {
  entities: [DnsRecordOrmEntity],
  migrations: [CreateDnsRecords1732350001000, SizeRecordColumnsForDns1732350003000, RecordCheckFields1732350005000],
};
