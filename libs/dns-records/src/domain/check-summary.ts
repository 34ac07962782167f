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

/**
 * Summarises a domain's records per check kind (purpose): `verified` when every record of the
 * kind is valid; otherwise `failed` for a required kind of a failed domain, `waiting_for_user`
 * while the customer still has to publish or fix something. A DNS error changes nothing: the
 * last conclusive state stands. Only kinds the domain has appear.
 */
export function summarizeChecks(records: readonly CheckedRecord[], domainFailed: boolean): Partial<Record<RecordPurpose, CheckSummary>> {
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
  return summary;
}
