import { accountLabel, dkimTxt, type DkimKey } from './dkim-key.js';

/** The hosts and policies the provider zone is built from (PROVIDER_* settings). */
export interface ProviderZoneSettings {
  /** PROVIDER_DNS_ZONE */
  zone: string;
  /** PROVIDER_ZONE_TTL */
  ttl: number;
  /** PROVIDER_RETURN_PATH_MX: the MX of every account's return-path target */
  returnPathMx: { priority: number; host: string }[];
  /** PROVIDER_SPF_INCLUDE */
  spfInclude: string;
  /** PROVIDER_SENDING_IPS, as CIDR ranges */
  sendingIps: readonly string[];
}

/** One record of the provider zone (TXT values whole; MX values `priority host.`). */
export interface ProviderZoneRecord {
  host: string;
  type: 'TXT' | 'MX';
  ttl: number;
  value: string;
}

/** One RRset to publish: every value of a name and type (empty: the RRset must not exist). */
export interface ProviderRRset {
  name: string;
  type: 'TXT' | 'MX';
  ttl: number;
  values: string[];
}

const fqdn = (host: string) => `${host.replace(/\.$/, '')}.`;

/** The names an account's keys live at: `<acct>cm1._domainkey.<zone>` (the customers' DKIM CNAMEs point there). */
export const keyHost = (settings: Pick<ProviderZoneSettings, 'zone'>, accountId: string, selector: string) => `${accountLabel(accountId)}${selector}._domainkey.${settings.zone}`;
/** The return-path target of an account: `<acct>.<zone>`. */
export const returnPathHost = (settings: Pick<ProviderZoneSettings, 'zone'>, accountId: string) => `${accountLabel(accountId)}.${settings.zone}`;

/**
 * The RRsets of one account: its two key TXTs, and the return-path target's MX and SPF. With no
 * keys (withdrawn) every one of them is empty: the names leave the zone.
 */
export function accountRRsets(settings: ProviderZoneSettings, accountId: string, keys: readonly Pick<DkimKey, 'selector' | 'state' | 'publicKey'>[]): ProviderRRset[] {
  const ttl = settings.ttl;
  const has = keys.length > 0;
  const rrsets: ProviderRRset[] = (['cm1', 'cm2'] as const).map((selector) => {
    const key = keys.find((k) => k.selector === selector);
    return { name: keyHost(settings, accountId, selector), type: 'TXT', ttl, values: key ? [dkimTxt(key)] : [] };
  });
  const target = returnPathHost(settings, accountId);
  rrsets.push(
    { name: target, type: 'MX', ttl, values: has ? settings.returnPathMx.map((mx) => `${mx.priority} ${fqdn(mx.host)}`) : [] },
    { name: target, type: 'TXT', ttl, values: has ? [`v=spf1 include:${settings.spfInclude} -all`] : [] },
  );
  return rrsets;
}

/**
 * The zone-wide RRsets: the SPF policy of PROVIDER_SPF_INCLUDE when it lies inside the zone and
 * PROVIDER_SENDING_IPS says what it allows (otherwise the operator publishes it, or it is not ours).
 */
export function zoneRRsets(settings: ProviderZoneSettings): ProviderRRset[] {
  const include = settings.spfInclude.replace(/\.$/, '').toLowerCase();
  if (settings.sendingIps.length === 0 || !(include === settings.zone || include.endsWith(`.${settings.zone}`))) return [];
  const terms = settings.sendingIps.map((cidr) => {
    const [address, bits] = cidr.split('/');
    const v6 = address!.includes(':');
    const host = (v6 && bits === '128') || (!v6 && bits === '32');
    return `${v6 ? 'ip6' : 'ip4'}:${host ? address : cidr}`;
  });
  return [{ name: include, type: 'TXT', ttl: settings.ttl, values: [`v=spf1 ${terms.join(' ')} -all`] }];
}

/** RRsets as records (the non-empty ones). */
export function recordsOf(rrsets: readonly ProviderRRset[]): ProviderZoneRecord[] {
  return rrsets.flatMap((r) => r.values.map((value) => ({ host: r.name, type: r.type, ttl: r.ttl, value })));
}
