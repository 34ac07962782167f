import type { DnsResolverPort } from '../../dns-resolver.port.js';
import { errorSentence } from '../check-sentences.js';
import { duplicateSpfSentence } from '../diagnoses/duplicate-spf.diagnosis.js';
import { displayName, normalizeDnsName } from '../dns-names.js';
import { follow } from '../follow.js';
import type { ExpectedRecord, RecordCheck } from '../record-check.js';
import type { RecordEvaluator } from '../record-matcher.js';
import { walkSpf } from './spf-evaluator.js';
import { isSpfRecord, mergeInclude, parseSpf } from './spf-record.js';

/** The include an expected SPF value names (`v=spf1 include:_spf.provider.net ~all` → `_spf.provider.net`). */
export function includeOf(expected: ExpectedRecord): string {
  const include = /(?:^| )\+?include:(\S+)/i.exec(expected.value)?.[1];
  if (!include) throw new Error(`The expected SPF value "${expected.value}" has no include`);
  return include.replace(/\.$/, '');
}

/** Where customers put an apex SPF record by mistake. */
const MISPLACED_SPF_LABELS = ['_spf', 'spf'];

/**
 * SPF (RFC 7208) at the host: exactly one `v=spf1` record, valid syntax (told where it breaks),
 * our include reached in evaluation order (directly or through nested includes and redirects,
 * before any `all`), at most 10 DNS lookups and 2 void lookups counted recursively. When the
 * customer has an SPF record without our include, `suggestedValue` is theirs with ours merged in.
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
      return { status: 'mismatch', found: values, diagnosis: duplicateSpfSentence(expected, values), suggestedValue: mergeInclude(spf[0]!, ours) };
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
    const walk = await walkSpf(dns, normalizeDnsName(expected.host), parsed.terms, ours);
    const details = { record, lookups: walk.lookups, voidLookups: walk.voidLookups, includesOurs: walk.reached, via: walk.via };
    if (walk.temperror) {
      return {
        status: 'error',
        found: [],
        diagnosis: `The SPF record at ${host} could not be checked to the end: ${walk.temperror}. The check will be retried automatically; until then the record keeps its last known state.`,
      };
    }
    const merged = mergeInclude(record, ours);
    if (walk.permerror) {
      const fix = walk.lookups > 10 ? ' Remove includes you no longer use, or replace some with the ip4:/ip6: ranges they stand for.' : '';
      return {
        status: 'mismatch',
        found: values,
        diagnosis: `The SPF record at ${host} makes every SPF check fail with a permanent error: ${walk.permerror}.${fix}`,
        details,
        suggestedValue: walk.reached ? null : merged,
      };
    }
    if (!walk.reached) {
      const diagnosis = walk.afterAll
        ? `The SPF record at ${host} has include:${ours} after its "all" term, where receivers stop reading. Move it before "all": "${merged}".`
        : `The SPF record at ${host} does not include include:${ours}, so receivers do not accept our servers for ${domain}. Replace the record with "${merged}" (one SPF record only: do not add a second one).`;
      return { status: 'mismatch', found: values, diagnosis, details, suggestedValue: merged };
    }
    return { status: 'valid', found: values, diagnosis: null, details };
  },
};

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
