import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountScope } from '#shared-kernel';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { type DnsRecordView, toDnsRecordView } from '../dns-record.view.js';
import { ApplyRecordChecksCommand } from './apply-record-checks.command.js';

@CommandHandler(ApplyRecordChecksCommand)
export class ApplyRecordChecksHandler implements ICommandHandler<ApplyRecordChecksCommand, Map<number, DnsRecordView[]>> {
  constructor(private readonly records: DnsRecordRepository) {}

  async execute({ entries, checkedAt }: ApplyRecordChecksCommand): Promise<Map<number, DnsRecordView[]>> {
    const records = await this.records.findByDomains(entries.map((e) => e.domainId), AccountScope.allAccounts());
    const checksOf = new Map(entries.map((e) => [e.domainId, e.checks]));
    const checked = records.filter((record) => checksOf.get(record.domainId)?.has(record.id));
    for (const record of checked) record.applyCheck(checksOf.get(record.domainId)!.get(record.id)!, checkedAt);
    await this.records.saveAll(checked);
    const byDomain = new Map<number, DnsRecordView[]>(entries.map((e) => [e.domainId, []]));
    for (const record of records) byDomain.get(record.domainId)?.push(toDnsRecordView(record));
    return byDomain;
  }
}
