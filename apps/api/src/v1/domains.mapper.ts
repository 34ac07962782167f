import { type CheckSummary, type DnsRecordView, summarizeChecks } from '#dns-records';
import type { DomainView } from '#domains';
import type { StoredProviderStatus } from '#mail-providers';
import type { RecordPurpose } from '#shared-kernel';
import type { CheckDto, DomainDto, RecordStateDto } from './domains.dto.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRecordState(r: DnsRecordView): RecordStateDto {
  return {
    id: r.id,
    purpose: r.purpose,
    required: r.required,
    type: r.type,
    host: r.host,
    value: r.value,
    priority: r.priority,
    status: r.status,
    isValid: r.isValid,
    foundValues: r.foundValues,
    diagnosis: r.diagnosis,
    suggestedValue: r.suggestedValue,
    lastCheckedAt: iso(r.lastCheckedAt),
  };
}

function toCheck(c: CheckSummary): CheckDto {
  return { status: c.status, attempts: c.attempts, requestedAt: c.requestedAt.toISOString(), completedAt: iso(c.completedAt), error: c.error, details: c.details };
}

/** The one representation of a domain on every native route: the seeds' fields side by side. */
export function toDomainDto(domain: DomainView, records: readonly DnsRecordView[]): DomainDto {
  const stored = domain.providerStatus as StoredProviderStatus | null;
  const checks = summarizeChecks(records, domain.status === 'failed', {
    provisioned: domain.providerState !== 'pending',
    error: stored?.error ?? null,
    dkim: stored?.dkim
      ? { kind: stored.dkim.kind, errorType: stored.dkim.kind === 'failed' ? stored.dkim.errorType : undefined, message: stored.dkim.kind === 'pending' ? stored.dkim.message : undefined }
      : null,
    mailFrom: stored?.mailFrom ? { kind: stored.mailFrom.kind, errorType: stored.mailFrom.kind === 'failed' ? stored.mailFrom.errorType : undefined } : null,
    requestedAt: domain.createdOn,
    dkimDetails: stored?.keys ? { providerKeys: stored.keys } : undefined,
  });
  const kinds = Object.keys(checks) as RecordPurpose[];
  return {
    id: domain.id,
    accountId: domain.accountId,
    domain: domain.displayName,
    asciiDomain: domain.domain,
    status: domain.status,
    isValid: domain.isValid,
    isDefault: domain.isDefault,
    description: domain.description,
    externalId: domain.externalId,
    metadata: domain.metadata,
    region: domain.region,
    provider: domain.provider,
    settings: domain.settings,
    trackingPrefix: domain.options.trackingPrefix,
    mailFromSubdomain: domain.options.mailFromSubdomain,
    receiving: domain.options.receiving,
    suspension: domain.suspension ? { reason: domain.suspension.reason, at: domain.suspension.at.toISOString() } : null,
    createdBy: domain.createdBy,
    emailAddress: domain.emailAddress,
    createdAt: domain.createdOn.toISOString(),
    updatedAt: (domain.modifiedOn ?? domain.createdOn).toISOString(),
    statusChangedAt: domain.statusChangedAt.toISOString(),
    verifiedAt: iso(domain.verifiedAt),
    lastCheckedAt: iso(domain.lastCheckedAt),
    nextCheckAt: iso(domain.nextCheckAt),
    dkimTokens: records.filter((r) => r.purpose === 'dkim').map((r) => r.host.split('.')[0]!),
    verificationStatus: Object.fromEntries(kinds.map((k) => [k, checks[k]!.status === 'verified'])),
    checks: Object.fromEntries(kinds.map((k) => [k, toCheck(checks[k]!)])),
    dnsRecords: records.map(toRecordState),
  };
}
