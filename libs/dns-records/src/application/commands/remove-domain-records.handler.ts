import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { RemoveDomainRecordsCommand } from './remove-domain-records.command.js';

@CommandHandler(RemoveDomainRecordsCommand)
export class RemoveDomainRecordsHandler implements ICommandHandler<RemoveDomainRecordsCommand, void> {
  constructor(private readonly records: DnsRecordRepository) {}

  async execute({ domainId }: RemoveDomainRecordsCommand): Promise<void> {
    await this.records.removeByDomain(domainId);
  }
}
