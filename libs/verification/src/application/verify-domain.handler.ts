import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { ApplyRecordChecksCommand, type DnsRecordView, GetDomainRecordsQuery, type RecordCheckInput } from '#dns-records';
import { ApplyVerificationOutcomeCommand, type DomainView, GetDomainQuery } from '#domains';
import { Clock, DomainError, UnitOfWork } from '#shared-kernel';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { checkRecord } from '../domain/matching/index.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { concludeVerification } from '../domain/verification-outcome.js';
import { VerifyDomainCommand } from './verify-domain.command.js';

@CommandHandler(VerifyDomainCommand)
export class VerifyDomainHandler implements ICommandHandler<VerifyDomainCommand, { domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly resolver: DnsResolverPort,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ domainId, scope }: VerifyDomainCommand): Promise<{ domain: DomainView; records: DnsRecordView[] }> {
    const domain = await this.queryBus.execute(new GetDomainQuery({ domainId }, scope));
    if (domain.status === 'suspended') {
      throw new DomainError('VERIFICATION_FAILED', 'A suspended domain is not verified; set its status to "active" to resume it');
    }
    const records = await this.queryBus.execute(new GetDomainRecordsQuery([domainId], scope));
    // DNS outside any transaction: no row is locked while we wait for name servers.
    const dns = new RunScopedDnsCache(this.resolver);
    const checks = new Map<number, RecordCheckInput>();
    await Promise.all(
      records.map(async (record) => {
        const check = await checkRecord({ purpose: record.purpose, host: record.host, type: record.type, value: record.value, priority: record.priority }, domain.domain, dns);
        checks.set(record.id, check);
      }),
    );
    const outcome = concludeVerification(records.filter((r) => r.required).map((r) => checks.get(r.id)!.status));
    const checkedAt = this.clock.now();
    return this.unitOfWork.run(async () => {
      const updated = await this.commandBus.execute(new ApplyRecordChecksCommand(domainId, checks, checkedAt));
      const after = await this.commandBus.execute(new ApplyVerificationOutcomeCommand(domainId, outcome, checkedAt));
      return { domain: after, records: updated };
    });
  }
}
