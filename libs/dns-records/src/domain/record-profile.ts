import type { ProviderRecords, RecordOptions, RecordSpec } from '#shared-kernel';

export type { RecordSpec };

/** Which optional records a domain has (the domain's record options). */
export type ProfileOptions = RecordOptions;

/** The host of the ownership token record: `_sds-verification.<domain>`. */
export const OWNERSHIP_LABEL = '_sds-verification';

/**
 * The one place that decides which records a domain needs, and their values: the provider's own
 * records (DKIM, return path or MAIL FROM), then, by the domain's options, SPF and DMARC
 * (recommended, not required), MX (receiving), tracking, and the ownership token (required when
 * asked for). Records the provider has put at the apex already (an SPF there) are not repeated.
 */
export function recordProfile(domain: string, provider: ProviderRecords, options: ProfileOptions): RecordSpec[] {
  const specs: RecordSpec[] = [...provider.records];
  if (options.spf && !specs.some((s) => s.purpose === 'spf' && s.host === domain)) {
    specs.push({ purpose: 'spf', type: 'TXT', host: domain, value: `v=spf1 include:${provider.spfInclude} ~all`, required: false });
  }
  if (options.dmarc) specs.push({ purpose: 'dmarc', type: 'TXT', host: `_dmarc.${domain}`, value: 'v=DMARC1; p=none;', required: false });
  if (options.receiving) {
    for (const mx of provider.inboundMx) specs.push({ purpose: 'mx', type: 'MX', host: domain, value: mx.host, priority: mx.priority, required: false });
  }
  if (options.trackingPrefix) {
    specs.push({ purpose: 'tracking', type: 'CNAME', host: `${options.trackingPrefix}.${domain}`, value: provider.trackingHost, required: false });
  }
  if (options.ownershipToken) {
    specs.push({ purpose: 'ownership', type: 'TXT', host: `${OWNERSHIP_LABEL}.${domain}`, value: options.ownershipToken, required: true });
  }
  return specs;
}
