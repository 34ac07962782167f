/**
 * The one vocabulary of DNS records and checks, imported everywhere (entities, matchers, DTOs):
 * what a record is for, its type, its state after a check, and the state of a check kind.
 */

/** What a record is for; each purpose is also a check kind (`checks.<purpose>` in the native API). */
export const RECORD_PURPOSES = ['dkim', 'returnPath', 'spf', 'dmarc', 'mx', 'tracking', 'ownership'] as const;
export type RecordPurpose = (typeof RECORD_PURPOSES)[number];

export const RECORD_TYPES = ['CNAME', 'TXT', 'MX'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * A record's state: `unchecked` until its first check; `valid`; `missing` (no record, said by an
 * authoritative server or a resolver); `mismatch` (records, none right); `error` (DNS could not be
 * asked: says nothing about the record).
 */
export const RECORD_STATUSES = ['unchecked', 'valid', 'missing', 'mismatch', 'error'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
/** The status a check can give (never `unchecked`). */
export type RecordCheckStatus = Exclude<RecordStatus, 'unchecked'>;

/** The state of one check kind (the model of the seed with per-kind checks). */
export const CHECK_STATUSES = ['waiting_for_user', 'waiting_for_provider', 'verified', 'failed', 'provider_failed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Which optional records a domain has: its options, which the record profile turns into records. */
export interface RecordOptions {
  /** adds a tracking CNAME `<prefix>.<domain>` (Mailgun's web_prefix) */
  trackingPrefix: string | null;
  /** moves the return path (custom MAIL FROM) to `<subdomain>.<domain>` */
  mailFromSubdomain: string | null;
  /** adds the MX records for receiving */
  receiving: boolean;
  /** adds a TXT ownership record with this token */
  ownershipToken: string | null;
  /** adds the recommended SPF record */
  spf: boolean;
  /** adds the recommended DMARC record */
  dmarc: boolean;
}

/** One record a domain must (or should) publish, exactly as we tell the customer. */
export interface RecordSpec {
  purpose: RecordPurpose;
  type: RecordType;
  /** fully qualified name, without trailing dot */
  host: string;
  /** CNAME and MX targets are fully qualified with a trailing dot, as the seed shows them */
  value: string;
  /** MX preference */
  priority?: number | null;
  /** required records decide whether the domain is active */
  required: boolean;
}

/**
 * The records a provider needs for a domain, and the hosts its optional records point to (the
 * SPF include, inbound MX, the tracking target): the record profile builds the rest on them.
 */
export interface ProviderRecords {
  /** its own records: DKIM, return path or MAIL FROM */
  records: RecordSpec[];
  /** the include customers' SPF records must reach */
  spfInclude: string;
  /** MX hosts of receiving domains (targets with their final dot) */
  inboundMx: { priority: number; host: string }[];
  /** target of tracking CNAMEs (with its final dot) */
  trackingHost: string;
}

/** What DNS serves at a built-in DKIM key's name in the provider zone, against the key record we hold. */
export const SERVED_KEY_STATES = ['published', 'missing', 'stale', 'unknown'] as const;
export type ServedKey = (typeof SERVED_KEY_STATES)[number];
