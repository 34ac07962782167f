import type { CheckStatus, RecordPurpose, RecordStatus } from '#shared-kernel';

/** What a check-kind summary reads of a record. */
export interface CheckedRecord {
  purpose: RecordPurpose;
  required: boolean;
  status: RecordStatus;
  isValid: boolean;
  diagnosis: string | null;
  details: Record<string, unknown> | null;
  checkAttempts: number;
  verifiedAt: Date | null;
  createdAt: Date;
}

/** One check kind of a domain (the per-kind model of the seed with `dkimStatus`, `spfCheckStatus`…). */
export interface CheckSummary {
  status: CheckStatus;
  attempts: number;
  requestedAt: Date;
  completedAt: Date | null;
  error: string | null;
  details: Record<string, unknown>;
}

/** The mail provider's word on one part of the domain (its signing, its MAIL FROM). */
export interface ProviderWord {
  kind: 'verified' | 'pending' | 'failed' | 'error';
  errorType?: string;
  /** what it is waiting for, in words */
  message?: string;
}

/** What the mail provider says of the domain, for the DKIM and return-path checks. */
export interface ProviderView {
  /** it has set the domain up (false: it could not be reached yet, or lost the identity) */
  provisioned: boolean;
  /** why it could not set the domain up, in words */
  error: string | null;
  dkim: ProviderWord | null;
  mailFrom: ProviderWord | null;
  /** when the domain was registered (the DKIM check is requested then, records or not) */
  requestedAt: Date;
  /** what the provider measured for the DKIM check (the built-in provider: its keys as served) */
  dkimDetails?: Record<string, unknown>;
}

/** DNS is right, now the provider: waiting for it, or it failed (with its error type). */
function withProvider(summary: CheckSummary, word: ProviderWord | null): CheckSummary {
  if (word?.kind === 'failed') return { ...summary, status: 'provider_failed', completedAt: null, error: `The mail provider failed to verify it (${word.errorType ?? 'no reason given'}).` };
  if (summary.status === 'verified' && word?.kind === 'pending') {
    return { ...summary, status: 'waiting_for_provider', completedAt: null, error: word.message ?? 'The DNS records are right; waiting for the mail provider to confirm them.' };
  }
  return summary;
}

/**
 * Summarises a domain's records per check kind (purpose): `verified` when every record of the
 * kind is valid; otherwise `failed` for a required kind of a failed domain, `waiting_for_user`
 * while the customer still has to publish or fix something. A DNS error changes nothing: the
 * last conclusive state stands. The provider's word shapes DKIM (and the return path of a custom
 * MAIL FROM): `waiting_for_provider` until it sets the domain up or confirms what DNS shows,
 * `provider_failed` when it gives up. Only kinds the domain has appear.
 */
export function summarizeChecks(records: readonly CheckedRecord[], domainFailed: boolean, provider?: ProviderView): Partial<Record<RecordPurpose, CheckSummary>> {
  const summary: Partial<Record<RecordPurpose, CheckSummary>> = {};
  for (const record of records) {
    const kind = records.filter((r) => r.purpose === record.purpose);
    if (summary[record.purpose]) continue;
    const verified = kind.every((r) => r.isValid);
    const broken = kind.find((r) => !r.isValid && r.diagnosis !== null);
    summary[record.purpose] = {
      status: verified ? 'verified' : domainFailed && kind.some((r) => r.required) ? 'failed' : 'waiting_for_user',
      attempts: Math.max(...kind.map((r) => r.checkAttempts)),
      requestedAt: new Date(Math.min(...kind.map((r) => r.createdAt.getTime()))),
      completedAt: verified ? new Date(Math.max(...kind.map((r) => r.verifiedAt?.getTime() ?? 0))) : null,
      error: verified ? null : (broken?.diagnosis ?? null),
      details: Object.assign({}, ...kind.map((r) => r.details ?? {})),
    };
  }
  if (provider && !provider.provisioned) {
    summary.dkim = {
      status: 'waiting_for_provider',
      attempts: summary.dkim?.attempts ?? 0,
      requestedAt: provider.requestedAt,
      completedAt: null,
      error: provider.error ?? 'Waiting for the mail provider to set the domain up; its DKIM records follow.',
      details: {},
    };
  } else if (provider) {
    if (summary.dkim) summary.dkim = withProvider({ ...summary.dkim, details: { ...summary.dkim.details, ...provider.dkimDetails } }, provider.dkim);
    if (summary.returnPath) summary.returnPath = withProvider(summary.returnPath, provider.mailFrom);
  }
  return summary;
}
