import type { RecordCheckStatus, RecordPurpose, RecordType } from '#shared-kernel';

export type { RecordCheckStatus };
/** Record types the matching engine checks. */
export type ExpectedRecordType = RecordType;

/** A DNS record we told the customer to publish. */
export interface ExpectedRecord {
  /** What it is for: picks the matcher (SPF, DMARC and MX have their own; others their type's). */
  readonly purpose?: RecordPurpose;
  /** Full name, e.g. `cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com` (no trailing dot). */
  readonly host: string;
  readonly type: ExpectedRecordType;
  /** Value exactly as we tell the customer; CNAME and MX targets carry a trailing dot. */
  readonly value: string;
  /** MX preference */
  readonly priority?: number | null;
  /**
   * The zone our own records live in (PROVIDER_DNS_ZONE), for a record that points into it: a
   * CNAME chain that reaches it is judged from what we publish there, never asked of DNS.
   */
  readonly providerZone?: string;
}

/**
 * - `valid`: DNS has the expected record.
 * - `missing`: DNS answered that the name has no record of this type (NXDOMAIN or NODATA).
 * - `mismatch`: the name has records of this type, but none is the expected one.
 * - `error`: DNS could not be queried; says nothing about the customer's records.
 */
export interface RecordCheck {
  readonly status: RecordCheckStatus;
  /** Values DNS returned at the expected name and type, as served (empty for `missing` and `error`). */
  readonly found: string[];
  /** One or two customer-readable sentences explaining what is wrong (or, rarely, a caveat of a valid record); `null` when nothing needs saying. */
  readonly diagnosis: string | null;
  /** What to publish instead, when the customer's own record must be merged with ours (SPF). */
  readonly suggestedValue?: string | null;
  /** What the check measured (SPF lookups, DMARC policy…), shown in the domain's checks. */
  readonly details?: Record<string, unknown> | null;
}
