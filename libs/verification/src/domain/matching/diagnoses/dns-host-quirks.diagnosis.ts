import ipaddr from 'ipaddr.js';
import { displayName, dnsNamesEqual, namesBetween, normalizeDnsName, parentName, parentZones } from '../dns-names.js';
import type { ExpectedRecord } from '../record-check.js';
import { type Diagnosis, type Probe, probeHits, probeValues, type ValueDiagnosis } from '../record-matcher.js';

/**
 * Behaviours of DNS hosts that customers run into most, each named in plain words: a proxied
 * record, a wildcard answering for the host, CNAME flattening, a delegated `_domainkey`, a
 * subdomain that is a zone of its own, and an underscore dropped from the name.
 */

/** A label nobody publishes, beside the host: whatever answers it is a wildcard. */
export const WILDCARD_PROBE_LABEL = '_sds-wildcard-check';

/** Cloudflare's published address ranges (cloudflare.com/ips), where proxied records point. */
const CLOUDFLARE_RANGES = [
  '173.245.48.0/20', '103.21.244.0/22', '103.22.200.0/22', '103.31.4.0/22', '141.101.64.0/18', '108.162.192.0/18',
  '190.93.240.0/20', '188.114.96.0/20', '197.234.240.0/22', '198.41.128.0/17', '162.158.0.0/15', '104.16.0.0/13',
  '104.24.0.0/14', '172.64.0.0/13', '131.0.72.0/22',
  '2400:cb00::/32', '2606:4700::/32', '2803:f800::/32', '2405:b500::/32', '2405:8100::/32', '2a06:98c0::/29', '2c0f:f248::/32',
].map((cidr) => ipaddr.parseCIDR(cidr));

export function isCloudflareAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  return CLOUDFLARE_RANGES.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length > 0 && a.length === b.length && a.every((v) => b.includes(v));

/** Probes for a CNAME that is not there: addresses and TXT at the host, what our target serves, a wildcard beside it. */
export function cnameQuirkProbes(expected: ExpectedRecord): Probe[] {
  const host = normalizeDnsName(expected.host);
  const target = normalizeDnsName(expected.value);
  const beside = `${WILDCARD_PROBE_LABEL}.${parentName(host)}`;
  return [
    { purpose: 'address-a', name: host, type: 'A' },
    { purpose: 'address-aaaa', name: host, type: 'AAAA' },
    { purpose: 'host-txt', name: host, type: 'TXT' },
    { purpose: 'target-txt', name: target, type: 'TXT' },
    { purpose: 'target-a', name: target, type: 'A' },
    { purpose: 'wildcard', name: beside, type: 'CNAME' },
    { purpose: 'wildcard-a', name: beside, type: 'A' },
  ];
}

/** Probes any record kind benefits from: delegations between the domain and the host, the domain's own zone, a dropped underscore. */
export function placementProbes(expected: ExpectedRecord, domain: string): Probe[] {
  const host = normalizeDnsName(expected.host);
  const probes: Probe[] = namesBetween(host, domain).map((name) => ({ purpose: 'delegation', name, type: 'NS' }));
  if (parentZones(domain).length > 0) probes.push({ purpose: 'own-zone', name: normalizeDnsName(domain), type: 'NS' });
  const withoutUnderscores = host.replace(/(^|\.)_+/g, '$1');
  if (withoutUnderscores !== host) probes.push({ purpose: 'underscore-dropped', name: withoutUnderscores, type: expected.type });
  return probes;
}

const missing = (context: Parameters<Diagnosis>[0]) => context.primary.kind === 'missing' && context.primary.chain.length === 0;

/** The host is caught by a wildcard: what answers at the host is what answers any name beside it. */
export const wildcardCatchesHost: Diagnosis = (context) => {
  const { expected, domain, primary } = context;
  const host = displayName(expected.host);
  const fix = `Add the CNAME at ${host} pointing to ${displayName(expected.value)}: a record of its own takes precedence over the wildcard.`;
  const wildcardTargets = probeValues(context, 'wildcard');
  if (primary.kind === 'answers' && primary.chain.length > 0 && wildcardTargets.length > 0 && dnsNamesEqual(primary.chain[0]!, wildcardTargets[0]!)) {
    return `The CNAME found at ${host} (pointing to ${displayName(primary.chain[0]!)}) comes from a wildcard record (such as *.${domain}): there is no record of your own at ${host}, so the wildcard answers for it. ${fix}`;
  }
  const addresses = probeValues(context, 'address-a');
  if (missing(context) && sameSet(addresses, probeValues(context, 'wildcard-a'))) {
    return `${host} answers with the address of a wildcard record (such as *.${domain} → ${addresses.join(', ')}) because there is no record of your own at ${host}. ${fix}`;
  }
  return null;
};

/** CNAME flattening: no CNAME at the host, but a copy of our target's records. */
export const cnameFlattened: Diagnosis = (context) => {
  if (!missing(context)) return null;
  const { expected } = context;
  const txt = sameSet(probeValues(context, 'host-txt'), probeValues(context, 'target-txt'));
  const address = sameSet(probeValues(context, 'address-a'), probeValues(context, 'target-a'));
  if (!txt && !address) return null;
  const host = displayName(expected.host);
  const target = displayName(expected.value);
  return (
    `${host} has no CNAME record, but answers with a copy of the ${txt ? 'TXT record (our key)' : 'addresses'} of ${target}: your DNS host flattens the CNAME, ` +
    `serving the target's records instead of the alias. That copy stops working as soon as the target changes (keys are rotated). ` +
    `Turn CNAME flattening off for this record, so that ${host} is published as a plain CNAME to ${target}.`
  );
};

/** A record proxied by a CDN (Cloudflare's orange cloud): addresses instead of the CNAME. */
export const cnameProxied: Diagnosis = (context) => {
  if (!missing(context)) return null;
  const addresses = [...probeValues(context, 'address-a'), ...probeValues(context, 'address-aaaa')];
  if (addresses.length === 0) return null;
  const host = displayName(context.expected.host);
  const target = displayName(context.expected.value);
  if (addresses.every(isCloudflareAddress)) {
    return (
      `${host} answers with Cloudflare's addresses (${addresses.join(', ')}) instead of a CNAME: the record is proxied by Cloudflare. ` +
      `Set it to "DNS only" (the grey cloud) in Cloudflare's DNS settings, so the CNAME to ${target} is published as it is.`
    );
  }
  return `${host} has an address record (${addresses.join(', ')}) instead of a CNAME. Replace it with a CNAME record pointing to ${target}.`;
};

/** A name between the domain and the host (`_domainkey`) is delegated elsewhere, where the record is not. */
export const delegatedAway: Diagnosis = (context) => {
  if (context.primary.kind !== 'missing') return null;
  const [cut] = probeHits(context, 'delegation');
  if (!cut) return null;
  const zone = displayName(cut.name);
  return (
    `${displayName(context.expected.host)} is inside ${zone}, which is delegated to other name servers (${cut.values.map(displayName).join(', ')}), ` +
    `so receivers look it up there, where it does not exist. Publish the record at the DNS host of those name servers, ` +
    `or delete the NS records of ${zone} if the delegation is a mistake.`
  );
};

/** The registered domain is a subdomain with a zone of its own, and the record is not in that zone. */
export const subdomainOwnZone: Diagnosis = (context) => {
  if (context.primary.kind !== 'missing') return null;
  const [zone] = probeHits(context, 'own-zone');
  if (!zone) return null;
  const parent = parentZones(context.domain).at(-1)!;
  return (
    `${context.domain} is a DNS zone of its own (its name servers: ${zone.values.map(displayName).join(', ')}). ` +
    `If you added the record in the DNS settings of ${parent}, add it in the zone of ${context.domain} instead: names in it are only looked up there.`
  );
};

/** The record sits at the host without its underscores (`cm2….domainkey.example.com`). */
export function underscoreDropped(accepts: (expected: ExpectedRecord, found: readonly string[]) => boolean, nearMiss: ValueDiagnosis): Diagnosis {
  return (context) => {
    const [hit] = probeHits(context, 'underscore-dropped');
    if (!hit || (!accepts(context.expected, hit.values) && nearMiss(context.expected, context.domain, hit.values) === null)) return null;
    const label = normalizeDnsName(context.expected.host).split('.').find((l) => l.startsWith('_'));
    return (
      `The ${context.expected.type} record was published at ${displayName(hit.name)}, without the underscore of "${label}". ` +
      `The name must be ${displayName(context.expected.host)}, underscore included: enter it exactly as given (if your DNS host removes underscores, ask it to keep them).`
    );
  };
}
