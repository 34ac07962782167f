import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { DnsRecordView, RecordCheckInput } from '#dns-records';
import type { DomainView, VerificationResult } from '#domains';
import { GetProviderStatusQuery, type ProviderCheck, type ProviderStatus, type StoredProviderStatus } from '#mail-providers';
import { Clock } from '#shared-kernel';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { checkRecord, withMatchingContext } from '../domain/matching/index.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { combineWithProvider, concludeVerification, type ProviderVerdict } from '../domain/verification-outcome.js';
import { type KeyMemo, ProviderKeyCheck } from './provider-key-check.js';
import { VerificationSettings } from './verification.settings.js';


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
    private readonly providerKeys: ProviderKeyCheck,
    private readonly settings: VerificationSettings,
  ) {}

  /**
   * `batch`, shared by the checks of one batch: what the accounts' keys are and what DNS serves
   * for them, asked once per account.
   */
  async check(domain: DomainView, records: readonly DnsRecordView[], batch?: { keys: KeyMemo; dns: DnsResolverPort }): Promise<VerificationResult> {
    // what a record's check may know of its domain: our sending addresses (PROVIDER_SENDING_IPS
    // describes the built-in provider's servers, not another provider's), its provider, its records
    const context = {
      sendingIps: domain.provider === 'builtin' ? this.settings.sendingIps : [],
      provider: domain.provider,
      records: records.map((r) => ({ purpose: r.purpose, host: r.host, type: r.type, value: r.value, priority: r.priority })),
    };
    return withMatchingContext(context, () => this.checkInContext(domain, records, batch));
  }

  private async checkInContext(domain: DomainView, records: readonly DnsRecordView[], batch?: { keys: KeyMemo; dns: DnsResolverPort }): Promise<VerificationResult> {
    const dns = new RunScopedDnsCache(this.resolver);
    const checks = new Map<number, RecordCheckInput>();
    // (built-in domains' records point into our zone: what is there is judged from what we publish)
    const providerZone = domain.provider === 'builtin' ? this.settings.providerZone : undefined;
    const [status, keys] = await Promise.all([
      this.providerStatus(domain),
      this.providerKeys.check(domain, batch?.dns ?? dns, batch?.keys),
      ...records.map(async (record) => {
        const check = await checkRecord({ purpose: record.purpose, host: record.host, type: record.type, value: record.value, priority: record.priority, providerZone }, domain.domain, dns);
        checks.set(record.id, check);
      }),
    ]);
    const provider = status && !status.gone && keys?.verdict ? { ...status, dkim: keys.verdict as ProviderCheck } : status;
    const dnsOutcome = concludeVerification(records.filter((r) => r.required).map((r) => checks.get(r.id)!.status));
    const verdict: ProviderVerdict = provider === null || provider.gone ? 'none' : provider.dkim.kind;
    const now = this.clock.now().toISOString();
    const stored: StoredProviderStatus | null =
      provider === null
        ? domain.providerStatus
        : provider.gone
          ? { error: 'The provider no longer has this domain: it is set up again at the next check.', errorType: 'NotFound', checkedAt: now }
          : { dkim: provider.dkim, mailFrom: provider.mailFrom, checkedAt: now, ...(keys ? { keys: keys.served } : {}) };
    return {
      domainId: domain.id,
      records: checks,
      outcome: combineWithProvider(dnsOutcome, verdict),
      provider: { status: stored, lost: provider?.gone === true },
    };
  }

  /** What the checks of one batch share (see `check`). */
  batch(): { keys: KeyMemo; dns: DnsResolverPort } {
    return { keys: new Map(), dns: new RunScopedDnsCache(this.resolver) };
  }

  /** The provider's view of a provisioned domain; null when it has not set the domain up. */
  private async providerStatus(domain: DomainView): Promise<ProviderStatus | null> {
    if (domain.providerState !== 'provisioned' || !domain.providerIdentity) return null;
    return this.queryBus.execute(
      new GetProviderStatusQuery(domain.providerIdentity, {
        domainId: domain.id,
        domain: domain.domain,
        accountId: domain.accountId,
        region: domain.region,
        mailFromSubdomain: domain.options.mailFromSubdomain,
      }),
    );
  }
}
