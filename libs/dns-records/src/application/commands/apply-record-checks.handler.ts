import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { AccountScope, UnitOfWork } from '#shared-kernel';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { type DnsRecordView, toDnsRecordView } from '../dns-record.view.js';
import { DomainRecordsChangedEvent } from '../dns-records.events.js';
import type { RecordCheckInput } from '../../domain/dns-record.entity.js';
import { ApplyRecordChecksBatchCommand, ApplyRecordChecksCommand } from './apply-record-checks.command.js';

@CommandHandler(ApplyRecordChecksCommand)
export class ApplyRecordChecksHandler implements ICommandHandler<ApplyRecordChecksCommand, DnsRecordView[]> {
  constructor(
    private readonly records: DnsRecordRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ domainId, checks, checkedAt }: ApplyRecordChecksCommand): Promise<DnsRecordView[]> {
    return (await applyChecks(this.records, this.unitOfWork, this.eventBus, [{ domainId, checks }], checkedAt)).get(domainId) ?? [];
  }
}

@CommandHandler(ApplyRecordChecksBatchCommand)
export class ApplyRecordChecksBatchHandler implements ICommandHandler<ApplyRecordChecksBatchCommand, Map<number, DnsRecordView[]>> {
  constructor(
    private readonly records: DnsRecordRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
  ) {}

  execute({ entries, checkedAt }: ApplyRecordChecksBatchCommand): Promise<Map<number, DnsRecordView[]>> {
    return applyChecks(this.records, this.unitOfWork, this.eventBus, entries, checkedAt);
  }
}

/** Reads every record of the domains in one statement, applies the checks, writes them back in one; events after commit. */
function applyChecks(
  repository: DnsRecordRepository,
  unitOfWork: UnitOfWork,
  eventBus: EventBus,
  entries: readonly { domainId: number; checks: ReadonlyMap<number, RecordCheckInput> }[],
  checkedAt: Date,
): Promise<Map<number, DnsRecordView[]>> {
  return unitOfWork.run(async () => {
    const records = await repository.findByDomains(entries.map((e) => e.domainId), AccountScope.allAccounts());
    const checksOf = new Map(entries.map((e) => [e.domainId, e.checks]));
    const changes = new Map<number, DomainRecordsChangedEvent['changes']>();
    const checked = records.filter((record) => checksOf.get(record.domainId)?.has(record.id));
    for (const record of checked) {
      if (record.applyCheck(checksOf.get(record.domainId)!.get(record.id)!, checkedAt)) {
        const s = record.snapshot();
        const list = changes.get(s.domainId) ?? [];
        list.push({ recordId: s.id, host: s.host, type: s.type, isValid: s.isValid, status: s.status });
        changes.set(s.domainId, list);
      }
    }
    await repository.saveAll(checked);
    const events = [...changes].map(([domainId, list]) => new DomainRecordsChangedEvent(domainId, list, checkedAt));
    if (events.length > 0) unitOfWork.afterCommit(() => eventBus.publishAll(events));
    const byDomain = new Map<number, DnsRecordView[]>(entries.map((e) => [e.domainId, []]));
    for (const record of records) byDomain.get(record.domainId)?.push(toDnsRecordView(record));
    return byDomain;
  });
}
