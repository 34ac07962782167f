import type { DnsResolverPort } from '../dns-resolver.port.js';
import { cnameMatcher } from './cname.matcher.js';
import { displayName, dnsNamesEqual, normalizeDnsName } from './dns-names.js';
import { matchingContext } from './matching-context.js';
import { mxMatcher } from './mx.matcher.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import type { RecordEvaluator } from './record-matcher.js';
import { runMatcher } from './run-matcher.js';
import { sendingAddresses } from './spf/sending-addresses.js';
import { addressDetails, evaluateAddresses, includeOf } from './spf/spf.matcher.js';

/** The include whose addresses the return path is sent from: the SPF record expected at the return path, else at the domain. */
function includeFor(host: string, domain: string): string | null {
  const spf = matchingContext().records.filter((r) => r.purpose === 'spf');
  const record = spf.find((r) => dnsNamesEqual(r.host, host)) ?? spf.find((r) => dnsNamesEqual(r.host, domain)) ?? spf[0];
  return record ? includeOf(record) : null;
}

/**
 * What receivers conclude of SPF for the MAIL FROM domain, the return path (followed through its
 * CNAME, or its own TXT): check_host() for each address we send from, as `details.spf`.
 */
export async function returnPathSpf(host: string, domain: string, dns: DnsResolverPort): Promise<Record<string, unknown>> {
  const include = includeFor(host, domain);
  const { sendingIps } = matchingContext();
  if (include === null && sendingIps.length === 0) return { evaluated: false, reason: 'PROVIDER_SENDING_IPS is not set and the domain has no SPF record of ours to learn the addresses from' };
  const addresses = await sendingAddresses(sendingIps, include ?? '', dns);
  if (addresses.kind === 'error' || addresses.kind === 'unknown') return { evaluated: false, reason: addresses.reason };
  const verdicts = await evaluateAddresses(dns, host, addresses.addresses);
  const results = [...new Set(verdicts.map((v) => v.evaluation.result))];
  const summary =
    results.length === 1 && results[0] === 'pass'
      ? `SPF for the return path ${displayName(host)} gives "pass" to every address we send from.`
      : `SPF for the return path ${displayName(host)} gives ${verdicts.map((v) => `"${v.evaluation.result}" to ${v.address}${v.evaluation.mechanism ? ` (${v.evaluation.mechanism})` : ''}`).join(', ')}${verdicts.some((v) => v.evaluation.reason) ? `: ${verdicts.find((v) => v.evaluation.reason)!.evaluation.reason}` : ''}.`;
  return { evaluated: true, domain: displayName(host), addressesFrom: addresses.source, addresses: addressDetails(verdicts), summary };
}

/**
 * The return path (MAIL FROM): the CNAME into the provider's zone (built-in) or the MX of a
 * custom MAIL FROM (SES) decides the status, as before; beside it, in `details.spf`, what SPF
 * gives our sending addresses for that domain, since that is what receivers evaluate.
 */
export const returnPathEvaluator: RecordEvaluator = {
  async evaluate(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
    const check = expected.type === 'MX' ? await mxMatcher.evaluate(expected, domain, dns) : await runMatcher(cnameMatcher, expected, domain, dns);
    if (check.status === 'error') return check;
    const spf = await returnPathSpf(normalizeDnsName(expected.host), domain, dns);
    return { ...check, details: { ...check.details, mailFrom: displayName(expected.host), spf } };
  },
};
