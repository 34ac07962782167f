import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { ApplyRecordChecksBatchCommand, ApplyRecordChecksCommand, type DnsRecordView, GetDomainRecordsQuery } from '#dns-records';
import { ApplyVerificationOutcomeCommand, ApplyVerificationOutcomesCommand, type DomainView, GetDomainQuery, GetDomainsQuery, SyncProviderCommand } from '#domains';
import { AccountScope, Clock, DomainError, Telemetry, UnitOfWork } from '#shared-kernel';
import { type DomainCheck, DomainChecker } from './domain-checker.js';
import { VerifyDomainCommand, VerifyDomainsCommand } from './verify-domain.command.js';

@CommandHandler(VerifyDomainCommand)
export class VerifyDomainHandler implements ICommandHandler<VerifyDomainCommand, { domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly checker: DomainChecker,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async execute({ domainId, scope }: VerifyDomainCommand): Promise<{ domain: DomainView; records: DnsRecordView[] }> {
    let domain = await this.queryBus.execute(new GetDomainQuery({ domainId }, scope));
    if (domain.status === 'suspended') {
      throw new DomainError('VERIFICATION_FAILED', 'A suspended domain is not verified; set its status to "active" to resume it');
    }
    // a domain its provider has not set up yet is provisioned first (and its records generated again)
    if (domain.providerState === 'pending' && (await this.commandBus.execute(new SyncProviderCommand(domainId)))) {
      domain = await this.queryBus.execute(new GetDomainQuery({ domainId }, scope));
    }
    const records = await this.queryBus.execute(new GetDomainRecordsQuery([domainId], scope));
    // DNS and the provider outside any transaction: no row is locked while we wait for them.
    const found = await this.checker.check(domain, records);
    const checkedAt = this.clock.now();
    try {
      const result = await this.unitOfWork.run(async () => {
        const updated = await this.commandBus.execute(new ApplyRecordChecksCommand(domainId, found.checks, checkedAt));
        const after = await this.commandBus.execute(new ApplyVerificationOutcomeCommand(domainId, found.outcome, checkedAt, found.provider));
        return { domain: after, records: updated };
      });
      this.telemetry.verification(found.outcome);
      return result;
    } catch (error) {
      this.telemetry.verification('failed');
      throw error;
    }
  }
}

/**
 * The scheduler's sweep: a batch of domains read in two statements (domains, records), every
 * domain checked (DNS and provider, `concurrency` at a time, outside any transaction), and every
 * verdict written in one transaction of a few set-based statements. A domain its provider has not
 * set up yet goes the single-domain way (it is provisioned first). Once `shouldStop` says so, no
 * further domain is started: those are answered as `unstarted`, for the caller to give back.
 */
@CommandHandler(VerifyDomainsCommand)
export class VerifyDomainsHandler implements ICommandHandler<VerifyDomainsCommand, { verified: number[]; unstarted: number[] }> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly checker: DomainChecker,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async execute({ domainIds, concurrency, shouldStop }: VerifyDomainsCommand): Promise<{ verified: number[]; unstarted: number[] }> {
    const all = AccountScope.allAccounts();
    const domains = (await this.queryBus.execute(new GetDomainsQuery(domainIds, all))).filter((d) => d.status !== 'suspended');
    const records = await this.queryBus.execute(new GetDomainRecordsQuery(domains.map((d) => d.id), all));
    const recordsOf = new Map<number, DnsRecordView[]>(domains.map((d) => [d.id, []]));
    for (const record of records) recordsOf.get(record.domainId)?.push(record);

    const found: DomainCheck[] = [];
    const alone: number[] = [];
    const unstarted: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < domains.length) {
        const domain = domains[next++]!;
        if (shouldStop()) {
          unstarted.push(domain.id);
          continue;
        }
        if (domain.providerState === 'pending') {
          await this.commandBus.execute(new VerifyDomainCommand(domain.id, all)).then(
            () => alone.push(domain.id),
            () => this.telemetry.verification('failed'), // its claim lapses: retried after the lease
          );
          continue;
        }
        found.push(await this.checker.check(domain, recordsOf.get(domain.id)!));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, domains.length)) }, lane));
    if (found.length === 0) return { verified: alone, unstarted };

    const checkedAt = this.clock.now();
    try {
      await this.unitOfWork.run(async () => {
        await this.commandBus.execute(new ApplyRecordChecksBatchCommand(found.map((f) => ({ domainId: f.domainId, checks: f.checks })), checkedAt));
        await this.commandBus.execute(new ApplyVerificationOutcomesCommand(found.map((f) => ({ domainId: f.domainId, outcome: f.outcome, provider: f.provider })), checkedAt));
      });
    } catch (error) {
      for (let i = 0; i < found.length; i++) this.telemetry.verification('failed');
      throw error;
    }
    for (const f of found) this.telemetry.verification(f.outcome);
    return { verified: [...alone, ...found.map((f) => f.domainId)], unstarted };
  }
}
