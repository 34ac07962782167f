import type { RecordOptions, RecordPurpose, RecordType } from '#shared-kernel';

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

/** The provider's hosts the records point to (PROVIDER_DNS_ZONE and what derives from it). */
export interface ProviderHosts {
  /** zone the built-in CNAMEs point into (PROVIDER_DNS_ZONE) */
  zone: string;
  /** the include customers add to their SPF record (PROVIDER_SPF_INCLUDE) */
  spfInclude: string;
  /** target of tracking CNAMEs (PROVIDER_TRACKING_HOST) */
  trackingHost: string;
  /** MX hosts for receiving domains (PROVIDER_INBOUND_MX) */
  inboundMx: { priority: number; host: string }[];
}

/** Which optional records a domain has (the domain's record options). */
export type ProfileOptions = RecordOptions;

/** The host of the ownership token record: `_sds-verification.<domain>`. */
export const OWNERSHIP_LABEL = '_sds-verification';

const fqdn = (name: string) => `${name.replace(/\.$/, '').toLowerCase()}.`;

/** Provider hosts from PROVIDER_DNS_ZONE, with the documented defaults for the others. */
export function providerHosts(zone: string, overrides: Partial<Omit<ProviderHosts, 'zone'>> = {}): ProviderHosts {
  const z = zone.replace(/\.$/, '').toLowerCase();
  return {
    zone: z,
    spfInclude: overrides.spfInclude ?? `_spf.${z}`,
    trackingHost: overrides.trackingHost ?? `track.${z}`,
    inboundMx: overrides.inboundMx ?? [{ priority: 10, host: `inbound.${z}` }],
  };
}

/**
 * The one place that decides which records a domain needs, and their values. The built-in
 * provider (seed 000): three CNAMEs derived from the account id without dashes, pointing into the
 * provider's zone, in the seed's order: DKIM (cm2), return path (cm, or the custom MAIL FROM
 * subdomain), DKIM (cm1). Then, by the domain's options: SPF and DMARC (recommended, not
 * required), MX (receiving), tracking, and the ownership token (required when asked for).
 */
export function recordProfile(accountId: string, domain: string, provider: ProviderHosts, options: ProfileOptions): RecordSpec[] {
  const acct = accountId.replace(/-/g, '').toLowerCase();
  const zone = provider.zone;
  const returnPath = options.mailFromSubdomain ? `${options.mailFromSubdomain}.${domain}` : `cm${acct}.${domain}`;
  const specs: RecordSpec[] = [
    { purpose: 'dkim', type: 'CNAME', host: `cm2${acct}._domainkey.${domain}`, value: `${acct}cm2._domainkey.${zone}.`, required: true },
    { purpose: 'returnPath', type: 'CNAME', host: returnPath, value: `${acct}.${zone}.`, required: true },
    { purpose: 'dkim', type: 'CNAME', host: `cm1${acct}._domainkey.${domain}`, value: `${acct}cm1._domainkey.${zone}.`, required: true },
  ];
  if (options.spf) specs.push({ purpose: 'spf', type: 'TXT', host: domain, value: `v=spf1 include:${provider.spfInclude} ~all`, required: false });
  if (options.dmarc) specs.push({ purpose: 'dmarc', type: 'TXT', host: `_dmarc.${domain}`, value: 'v=DMARC1; p=none;', required: false });
  if (options.receiving) {
    for (const mx of provider.inboundMx) specs.push({ purpose: 'mx', type: 'MX', host: domain, value: fqdn(mx.host), priority: mx.priority, required: false });
  }
  if (options.trackingPrefix) {
    specs.push({ purpose: 'tracking', type: 'CNAME', host: `${options.trackingPrefix}.${domain}`, value: fqdn(provider.trackingHost), required: false });
  }
  if (options.ownershipToken) {
    specs.push({ purpose: 'ownership', type: 'TXT', host: `${OWNERSHIP_LABEL}.${domain}`, value: options.ownershipToken, required: true });
  }
  return specs;
}

/** The built-in profile of a seed-000 registration: the three CNAMEs only. */
export function builtinRecordProfile(accountId: string, domain: string, providerZone: string): RecordSpec[] {
  return recordProfile(accountId, domain, providerHosts(providerZone), {
    trackingPrefix: null,
    mailFromSubdomain: null,
    receiving: false,
    ownershipToken: null,
    spf: false,
    dmarc: false,
  });
}
