import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { ApplyRecordChecksCommand, type DnsRecordView, GetDomainRecordsQuery, type RecordCheckInput } from '#dns-records';
import { ApplyVerificationOutcomeCommand, type DomainView, GetDomainQuery, SyncProviderCommand } from '#domains';
import { GetProviderStatusQuery, type ProviderIdentity, type ProviderStatus, type StoredProviderStatus } from '#mail-providers';
import { Clock, DomainError, Telemetry, UnitOfWork } from '#shared-kernel';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { checkRecord } from '../domain/matching/index.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { combineWithProvider, concludeVerification, type ProviderVerdict } from '../domain/verification-outcome.js';
import { VerifyDomainCommand } from './verify-domain.command.js';

@CommandHandler(VerifyDomainCommand)
export class VerifyDomainHandler implements ICommandHandler<VerifyDomainCommand, { domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly resolver: DnsResolverPort,
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
    const dns = new RunScopedDnsCache(this.resolver);
    const checks = new Map<number, RecordCheckInput>();
    const [provider] = await Promise.all([
      this.providerStatus(domain),
      ...records.map(async (record) => {
        const check = await checkRecord({ purpose: record.purpose, host: record.host, type: record.type, value: record.value, priority: record.priority }, domain.domain, dns);
        checks.set(record.id, check);
      }),
    ]);
    const dnsOutcome = concludeVerification(records.filter((r) => r.required).map((r) => checks.get(r.id)!.status));
    const verdict: ProviderVerdict = provider === null || provider.gone ? 'none' : provider.dkim.kind;
    const outcome = combineWithProvider(dnsOutcome, verdict);
    const checkedAt = this.clock.now();
    const stored: StoredProviderStatus | null =
      provider === null
        ? (domain.providerStatus as StoredProviderStatus | null)
        : provider.gone
          ? { error: 'The provider no longer has this domain: it is set up again at the next check.', errorType: 'NotFound', checkedAt: checkedAt.toISOString() }
          : { dkim: provider.dkim, mailFrom: provider.mailFrom, checkedAt: checkedAt.toISOString() };
    try {
      const result = await this.unitOfWork.run(async () => {
        const updated = await this.commandBus.execute(new ApplyRecordChecksCommand(domainId, checks, checkedAt));
        const after = await this.commandBus.execute(
          new ApplyVerificationOutcomeCommand(domainId, outcome, checkedAt, { status: stored as Record<string, unknown> | null, lost: provider?.gone === true }),
        );
        return { domain: after, records: updated };
      });
      this.telemetry.verification(outcome);
      return result;
    } catch (error) {
      this.telemetry.verification('failed');
      throw error;
    }
  }

  /** The provider's view of a provisioned domain; null when it has not set the domain up. */
  private async providerStatus(domain: DomainView): Promise<ProviderStatus | null> {
    if (domain.providerState !== 'provisioned' || !domain.providerIdentity) return null;
    return this.queryBus.execute(
      new GetProviderStatusQuery(domain.providerIdentity as ProviderIdentity, {
        domain: domain.domain,
        accountId: domain.accountId,
        region: domain.region,
        mailFromSubdomain: domain.options.mailFromSubdomain,
      }),
    );
  }
}
