import type { DnsResolverPort } from '../../dns-resolver.port.js';
import { checkHost } from '../../spf/check-host.js';
import { errorSentence } from '../check-sentences.js';
import { duplicateSpfSentence } from '../diagnoses/duplicate-spf.diagnosis.js';
import { displayName, normalizeDnsName } from '../dns-names.js';
import { follow } from '../follow.js';
import { matchingContext } from '../matching-context.js';
import type { ExpectedRecord, RecordCheck } from '../record-check.js';
import type { RecordEvaluator } from '../record-matcher.js';
import { sendingAddresses } from './sending-addresses.js';
import { type SpfWalk, walkSpf } from './spf-evaluator.js';
import { isSpfRecord, mergeInclude, mergeRecords, parseSpf } from './spf-record.js';
import { type AddressVerdict, spfVerdict } from './spf-verdict.js';

/** The include an expected SPF value names (`v=spf1 include:_spf.provider.net ~all` → `_spf.provider.net`). */
export function includeOf(expected: ExpectedRecord): string {
  const include = /(?:^| )\+?include:(\S+)/i.exec(expected.value)?.[1];
  if (!include) throw new Error(`The expected SPF value "${expected.value}" has no include`);
  return include.replace(/\.$/, '');
}

/** Where customers put an apex SPF record by mistake. */
const MISPLACED_SPF_LABELS = ['_spf', 'spf'];

/** Our addresses, evaluated against the SPF policy of `host` (check_host() with MAIL FROM postmaster@host): what `details.addresses` shows. */
export async function evaluateAddresses(dns: DnsResolverPort, host: string, addresses: readonly string[]): Promise<AddressVerdict[]> {
  return Promise.all(addresses.map(async (address) => ({ address, evaluation: await checkHost(dns, { ip: address, sender: `postmaster@${host}` }) })));
}

/** The per-address part of `details`. */
export function addressDetails(verdicts: readonly AddressVerdict[]) {
  return verdicts.map(({ address, evaluation: e }) => ({ address, result: e.result, mechanism: e.mechanism, decidedIn: e.decidedIn, lookups: e.lookups }));
}

/**
 * SPF (RFC 7208) at the host, judged as receivers judge it: exactly one `v=spf1` record, valid
 * syntax (told where it breaks), and check_host() giving `pass` to each address we send from
 * (PROVIDER_SENDING_IPS, else one address of each range our include's policy lists), the term that
 * decided named for any other result; `temperror` is a DNS error and concludes nothing. When
 * nothing says what our addresses are, the record is walked for our include instead (reached in
 * evaluation order, before any `all`), as `details` says. Lookups are counted in full, past the
 * limit of 10. When the customer's record lacks our include, `suggestedValue` is every SPF record
 * found merged with ours, to replace them.
 */
export const spfMatcher: RecordEvaluator = {
  async evaluate(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
    const ours = includeOf(expected);
    const host = displayName(expected.host);
    const found = await follow(dns, normalizeDnsName(expected.host), 'TXT');
    if (found.kind === 'error') return { status: 'error', found: [], diagnosis: errorSentence(expected, found) };
    const values = found.kind === 'answers' ? found.values : [];
    const spf = values.filter(isSpfRecord);

    if (spf.length === 0) {
      const almost = values.find((v) => isSpfRecord(v.trim().replace(/^["']+|["']+$/g, '')));
      let diagnosis = `There is no SPF record at ${host}. Publish a TXT record at ${host} with the value "${expected.value}".`;
      if (almost !== undefined) {
        diagnosis = `The TXT record ${JSON.stringify(almost)} at ${host} does not start with "v=spf1" (it has ${/^\s/.test(almost) ? 'a space' : 'quotation marks'} before it), so receivers do not recognise it as SPF. Change it to start with "v=spf1" exactly.`;
      } else {
        const misplaced = await misplacedSpf(dns, expected, domain, ours);
        if (misplaced) diagnosis = `The SPF record was published at ${misplaced} instead of ${host}, where receivers look for it. Move it to ${host} (the name "@" or left empty at most DNS hosts).`;
      }
      return { status: 'missing', found: values, diagnosis, suggestedValue: almost !== undefined ? mergeInclude(almost.trim().replace(/^["']+|["']+$/g, ''), ours) : expected.value };
    }
    if (spf.length > 1) {
      return { status: 'mismatch', found: values, diagnosis: duplicateSpfSentence(expected, values), suggestedValue: mergeRecords(spf, ours) };
    }
    const record = spf[0]!;
    const parsed = parseSpf(record);
    if (!parsed.ok) {
      return {
        status: 'mismatch',
        found: values,
        diagnosis: `The SPF record at ${host} is invalid at its term ${parsed.index}, "${parsed.term}": ${parsed.reason}. Until it is fixed every SPF check of ${domain} fails with a permanent error.`,
      };
    }
    const name = normalizeDnsName(expected.host);
    const walk = await walkSpf(dns, name, parsed.terms, ours);
    const walked = { record, lookups: walk.lookups, voidLookups: walk.voidLookups, includesOurs: walk.reached, via: walk.via };
    if (walk.temperror) {
      return {
        status: 'error',
        found: [],
        diagnosis: `The SPF record at ${host} could not be checked to the end: ${walk.temperror}. The check will be retried automatically; until then the record keeps its last known state.`,
      };
    }
    const addresses = await sendingAddresses(matchingContext().sendingIps, ours, dns);
    if (addresses.kind === 'error') {
      return { status: 'error', found: [], diagnosis: `Our own SPF policy could not be read to learn which addresses to test: ${addresses.reason}. The check will be retried automatically; until then the record keeps its last known state.` };
    }
    if (addresses.kind === 'unknown') {
      return { ...walkedVerdict(host, domain, record, ours, walk, values), details: { ...walked, addressesFrom: null, evaluation: `${addresses.reason}, so the record was walked for include:${ours} instead of evaluated for our addresses.` } };
    }
    const verdicts = await evaluateAddresses(dns, name, addresses.addresses);
    const verdict = spfVerdict({ host, domain, record, terms: parsed.terms, ours, walk, verdicts, source: addresses.source });
    const details = { ...walked, addressesFrom: addresses.source, addresses: addressDetails(verdicts) };
    if (verdict.status === 'error') return { status: 'error', found: [], diagnosis: verdict.diagnosis };
    return { status: verdict.status, found: values, diagnosis: verdict.diagnosis, details, suggestedValue: verdict.suggestedValue };
  },
};

/** The judgement without addresses: our include reached in evaluation order, within the limits. */
function walkedVerdict(host: string, domain: string, record: string, ours: string, walk: SpfWalk, values: string[]): Omit<RecordCheck, 'details'> {
  const merged = mergeInclude(record, ours);
  if (walk.permerror) {
    const fix = walk.lookups > 10 ? ' Remove includes you no longer use, or replace some with the ip4:/ip6: ranges they stand for.' : '';
    return {
      status: 'mismatch',
      found: values,
      diagnosis: `The SPF record at ${host} makes every SPF check fail with a permanent error: ${walk.permerror}.${fix}`,
      suggestedValue: walk.reached ? null : merged,
    };
  }
  if (!walk.reached) {
    const diagnosis = walk.afterAll
      ? `The SPF record at ${host} has include:${ours} after its "all" term, where receivers stop reading. Move it before "all": "${merged}".`
      : `The SPF record at ${host} does not include include:${ours}, so receivers do not accept our servers for ${domain}. Replace the record with "${merged}" (one SPF record only: do not add a second one).`;
    return { status: 'mismatch', found: values, diagnosis, suggestedValue: merged };
  }
  const neutral = walk.noAll
    ? `The SPF record at ${host} has no "all" term, so every sender it does not name gets the default result, "neutral": receivers neither accept nor refuse them. End it with "~all" or "-all" to say how they should be treated.`
    : null;
  return { status: 'valid', found: values, diagnosis: neutral };
}

/** A misplaced apex SPF record (at `_spf.` or `spf.`), or for a MAIL FROM host, at the domain itself. */
async function misplacedSpf(dns: DnsResolverPort, expected: ExpectedRecord, domain: string, ours: string): Promise<string | null> {
  const host = normalizeDnsName(expected.host);
  const candidates = host === domain ? MISPLACED_SPF_LABELS.map((label) => `${label}.${domain}`) : [domain];
  for (const name of candidates) {
    const found = await follow(dns, name, 'TXT');
    if (found.kind === 'answers' && found.values.some((v) => isSpfRecord(v) && v.toLowerCase().includes(`include:${ours.toLowerCase()}`))) return name;
  }
  return null;
}

