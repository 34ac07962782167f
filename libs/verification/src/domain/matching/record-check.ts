/** Record kinds the matching engine can check. Adding a kind: widen this union, add one matcher
 *  file and one entry in `RECORD_MATCHERS` (record-matchers.ts); the compiler points at the map. */
export type ExpectedRecordType = 'CNAME' | 'TXT';

/** A DNS record we told the customer to publish. */
export interface ExpectedRecord {
  /** Full name, e.g. `cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com` (no trailing dot). */
  readonly host: string;
  readonly type: ExpectedRecordType;
  /** Value exactly as we tell the customer; CNAME targets carry a trailing dot. */
  readonly value: string;
}

/**
 * - `valid`: DNS has the expected record.
 * - `missing`: DNS answered that the name has no record of this type (NXDOMAIN or NODATA).
 * - `mismatch`: the name has records of this type, but none is the expected one.
 * - `error`: DNS could not be queried; says nothing about the customer's records.
 */
export type RecordCheckStatus = 'valid' | 'missing' | 'mismatch' | 'error';

export interface RecordCheck {
  readonly status: RecordCheckStatus;
  /** Values DNS returned at the expected name and type, as served (empty for `missing` and `error`). */
  readonly found: string[];
  /** One or two customer-readable sentences explaining what is wrong; `null` when `valid`. */
  readonly diagnosis: string | null;
}
