import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DnsRecord } from '../../domain/dns-record.entity.js';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { assertPublishable } from '../../domain/record-names.js';
import { builtinRecordProfile } from '../../domain/record-profile.js';
import { DnsRecordsSettings } from '../dns-records.settings.js';
import { GenerateDomainRecordsCommand } from './generate-domain-records.command.js';

@CommandHandler(GenerateDomainRecordsCommand)
export class GenerateDomainRecordsHandler implements ICommandHandler<GenerateDomainRecordsCommand, void> {
  constructor(
    private readonly records: DnsRecordRepository,
    private readonly settings: DnsRecordsSettings,
  ) {}

  async execute({ domainId, accountId, domain }: GenerateDomainRecordsCommand): Promise<void> {
    const specs = builtinRecordProfile(accountId, domain, this.settings.providerZone);
    assertPublishable(domain, specs); // inside the registration's transaction: a refusal stores nothing
    await this.records.insertAll(specs.map((spec, position) => DnsRecord.create(domainId, position, spec)));
  }
}
