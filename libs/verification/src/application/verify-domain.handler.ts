import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { type DnsRecordView, GetDomainRecordsQuery } from '#dns-records';
import { ApplyVerificationResultsCommand, type DomainView, GetDomainQuery, GetDomainsQuery, SyncProviderCommand, type VerificationResult } from '#domains';
import { AccountScope, Clock, DomainError, Telemetry } from '#shared-kernel';
import { DomainChecker } from './domain-checker.js';
import { VerifyDomainCommand, VerifyDomainsCommand } from './verify-domain.command.js';

/** One domain checked now (the API). */
@CommandHandler(VerifyDomainCommand)
export class VerifyDomainHandler implements ICommandHandler<VerifyDomainCommand, { domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly checker: DomainChecker,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async execute({ domainId, scope }: VerifyDomainCommand): Promise<{ domain: DomainView; records: DnsRecordView[] }> {
    const domain = await this.queryBus.execute(new GetDomainQuery({ domainId }, scope));
    if (domain.status === 'suspended') {
      throw new DomainError('VERIFICATION_FAILED', 'A suspended domain is not verified; set its status to "active" to resume it');
    }
    return verifyOne(this.commandBus, this.queryBus, this.checker, this.clock, this.telemetry, domain, scope);
  }
}

/**
 * Verifies one domain: a domain its provider has not set up yet is provisioned first (and its
 * records generated again); DNS and the provider are asked outside any transaction; the result
 * goes to the domains module as one command, which stores it in a transaction of its own.
 */
async function verifyOne(
  commandBus: CommandBus,
  queryBus: QueryBus,
  checker: DomainChecker,
  clock: Clock,
  telemetry: Telemetry,
  found: DomainView,
  scope: AccountScope,
): Promise<{ domain: DomainView; records: DnsRecordView[] }> {
  try {
    let domain = found;
    if (domain.providerState === 'pending' && (await commandBus.execute(new SyncProviderCommand(domain.id)))) {
      domain = await queryBus.execute(new GetDomainQuery({ domainId: domain.id }, scope));
    }
    const records = await queryBus.execute(new GetDomainRecordsQuery([domain.id], scope));
    const result = await checker.check(domain, records);
    const [stored] = await commandBus.execute(new ApplyVerificationResultsCommand([result], clock.now()));
    if (!stored) throw new DomainError('DOMAIN_NOT_FOUND', 'Domain not found'); // deleted while it was checked
    telemetry.verification(result.outcome);
    return stored;
  } catch (error) {
    telemetry.verification('failed');
    throw error;
  }
}

/**
 * The scheduler's sweep: a batch of domains read in two statements (domains, records), every
 * domain checked (DNS and provider, `concurrency` at a time, outside any transaction), and every
 * result stored by one command to the domains module. A domain its provider has not set up yet is
 * verified on its own (it is provisioned first). Once `shouldStop` says so, no further domain is
 * started: those are answered as `unstarted`, for the caller to give back.
 */
@CommandHandler(VerifyDomainsCommand)
export class VerifyDomainsHandler implements ICommandHandler<VerifyDomainsCommand, { verified: number[]; unstarted: number[] }> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly checker: DomainChecker,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async execute({ domainIds, concurrency, shouldStop }: VerifyDomainsCommand): Promise<{ verified: number[]; unstarted: number[] }> {
    const all = AccountScope.allAccounts();
    const domains = (await this.queryBus.execute(new GetDomainsQuery(domainIds, all))).filter((d) => d.status !== 'suspended');
    const records = await this.queryBus.execute(new GetDomainRecordsQuery(domains.map((d) => d.id), all));
    const recordsOf = new Map<number, DnsRecordView[]>(domains.map((d) => [d.id, []]));
    for (const record of records) recordsOf.get(record.domainId)?.push(record);

    const found: VerificationResult[] = [];
    const shared = this.checker.batch();
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
          await verifyOne(this.commandBus, this.queryBus, this.checker, this.clock, this.telemetry, domain, all).then(
            () => alone.push(domain.id),
            () => undefined, // counted as failed; its claim lapses: retried after the lease
          );
          continue;
        }
        found.push(await this.checker.check(domain, recordsOf.get(domain.id)!, shared));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, domains.length)) }, lane));
    if (found.length === 0) return { verified: alone, unstarted };
    try {
      await this.commandBus.execute(new ApplyVerificationResultsCommand(found, this.clock.now()));
    } catch (error) {
      for (let i = 0; i < found.length; i++) this.telemetry.verification('failed');
      throw error;
    }
    for (const f of found) this.telemetry.verification(f.outcome);
    return { verified: [...alone, ...found.map((f) => f.domainId)], unstarted };
  }
}
