import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { AccountScope, UnitOfWork } from '#shared-kernel';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { type DnsRecordView, toDnsRecordView } from '../dns-record.view.js';
import { DomainRecordsChangedEvent } from '../dns-records.events.js';
import { ApplyRecordChecksCommand } from './apply-record-checks.command.js';

@CommandHandler(ApplyRecordChecksCommand)
export class ApplyRecordChecksHandler implements ICommandHandler<ApplyRecordChecksCommand, DnsRecordView[]> {
  constructor(
    private readonly records: DnsRecordRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
  ) {}

  execute({ domainId, checks, checkedAt }: ApplyRecordChecksCommand): Promise<DnsRecordView[]> {
    return this.unitOfWork.run(async () => {
      const records = await this.records.findByDomains([domainId], AccountScope.allAccounts());
      const changes: DomainRecordsChangedEvent['changes'] = [];
      const checked = records.filter((record) => checks.has(record.id));
      for (const record of checked) {
        if (record.applyCheck(checks.get(record.id)!, checkedAt)) {
          const s = record.snapshot();
          changes.push({ recordId: s.id, host: s.host, type: s.type, isValid: s.isValid, status: s.status });
        }
      }
      await this.records.saveAll(checked);
      if (changes.length > 0) {
        const event = new DomainRecordsChangedEvent(domainId, changes, checkedAt);
        this.unitOfWork.afterCommit(() => this.eventBus.publish(event));
      }
      return records.map(toDnsRecordView);
    });
  }
}
