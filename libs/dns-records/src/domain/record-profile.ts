/** What a record is for; one verification check kind each (DESIGN.md §3). */
export type RecordPurpose = 'dkim' | 'returnPath' | 'spf' | 'dmarc' | 'mx' | 'tracking' | 'ownership';
export type RecordType = 'CNAME' | 'TXT' | 'MX';

/** One record a domain must (or should) publish, exactly as we tell the customer. */
export interface RecordSpec {
  purpose: RecordPurpose;
  type: RecordType;
  /** fully qualified name, without trailing dot */
  host: string;
  /** CNAME targets are fully qualified with a trailing dot, as the seed shows them */
  value: string;
  /** required records decide whether the domain is active */
  required: boolean;
}

/**
 * The built-in provider's profile (seed 000): three CNAMEs derived from the account id without
 * dashes, pointing into the provider's zone, in the seed's order.
 */
export function builtinRecordProfile(accountId: string, domain: string, providerZone: string): RecordSpec[] {
  const acct = accountId.replace(/-/g, '').toLowerCase();
  const zone = providerZone.replace(/\.$/, '').toLowerCase();
  return [
    { purpose: 'dkim', type: 'CNAME', host: `cm2${acct}._domainkey.${domain}`, value: `${acct}cm2._domainkey.${zone}.`, required: true },
    { purpose: 'returnPath', type: 'CNAME', host: `cm${acct}.${domain}`, value: `${acct}.${zone}.`, required: true },
    { purpose: 'dkim', type: 'CNAME', host: `cm1${acct}._domainkey.${domain}`, value: `${acct}cm1._domainkey.${zone}.`, required: true },
  ];
}
