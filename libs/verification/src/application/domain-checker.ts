import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { DnsRecordView, RecordCheckInput } from '#dns-records';
import type { DomainView, VerificationResult } from '#domains';
import { GetProviderStatusQuery, type ProviderStatus, type StoredProviderStatus } from '#mail-providers';
import { Clock } from '#shared-kernel';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { checkRecord } from '../domain/matching/index.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { combineWithProvider, concludeVerification, type ProviderVerdict } from '../domain/verification-outcome.js';


/**
 * Checks one domain: every record in DNS (aliases followed, diagnoses) and the provider's view,
 * concluded into an outcome. Touches no table: DNS and the provider are asked outside any
 * transaction, and the caller stores the result (one domain, or a batch in one transaction).
 */
@Injectable()
export class DomainChecker {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly resolver: DnsResolverPort,
    private readonly clock: Clock,
  ) {}

  async check(domain: DomainView, records: readonly DnsRecordView[]): Promise<VerificationResult> {
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
    const now = this.clock.now().toISOString();
    const stored: StoredProviderStatus | null =
      provider === null
        ? domain.providerStatus
        : provider.gone
          ? { error: 'The provider no longer has this domain: it is set up again at the next check.', errorType: 'NotFound', checkedAt: now }
          : { dkim: provider.dkim, mailFrom: provider.mailFrom, checkedAt: now };
    return {
      domainId: domain.id,
      records: checks,
      outcome: combineWithProvider(dnsOutcome, verdict),
      provider: { status: stored, lost: provider?.gone === true },
    };
  }

  /** The provider's view of a provisioned domain; null when it has not set the domain up. */
  private async providerStatus(domain: DomainView): Promise<ProviderStatus | null> {
    if (domain.providerState !== 'provisioned' || !domain.providerIdentity) return null;
    return this.queryBus.execute(
      new GetProviderStatusQuery(domain.providerIdentity, {
        domain: domain.domain,
        accountId: domain.accountId,
        region: domain.region,
        mailFromSubdomain: domain.options.mailFromSubdomain,
      }),
    );
  }
}
