import { Command } from '@nestjs/cqrs';
import type { ProviderRecords } from '#shared-kernel';
import type { ProfileOptions } from '../../domain/record-profile.js';
import type { DnsRecordView } from '../dns-record.view.js';

/**
 * Creates the records a domain must publish, from its provider's and its options (the record
 * profile); for a domain
 * that has records already (its options changed), keeps the records that stay, with their state,
 * and replaces the others. Refuses (DOMAIN_INVALID) a domain whose records break DNS's length
 * limits. Runs inside the caller's transaction; returns the domain's records in profile order.
 */
export class GenerateDomainRecordsCommand extends Command<DnsRecordView[]> {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
    readonly options: ProfileOptions,
    /** the mail provider's records and hosts (mail-providers' GetProviderRecordsQuery) */
    readonly provider: ProviderRecords,
    /** the domain was created in this transaction: it has no records yet, none are read */
    readonly newDomain = false,
  ) {
    super();
  }
}
