import { getDomain } from 'tldts';
import type { DnsResolverPort } from '../dns-resolver.port.js';
import { errorSentence } from './check-sentences.js';
import { displayName, dnsNamesEqual, normalizeDnsName } from './dns-names.js';
import { follow } from './follow.js';
import { type MatchingContext, matchingContext } from './matching-context.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import type { RecordEvaluator } from './record-matcher.js';

const POLICIES = ['none', 'quarantine', 'reject'];

export interface DmarcPolicy {
  policy: string;
  subdomainPolicy: string | null;
  rua: string[];
  pct: number;
  /** identifier alignment for SPF and DKIM: `r` relaxed (the default), `s` strict */
  aspf: 'r' | 's';
  adkim: 'r' | 's';
}

/**
 * Parses a DMARC record (RFC 7489 §6.3-6.4): `v=DMARC1` first, a valid `p=`, optional `sp=`,
 * `pct=` 0-100, `rua=` mailto: URIs, `aspf=` and `adkim=`. Tag names and the values of p, sp,
 * aspf and adkim are case-insensitive (the ABNF's quoted strings); "DMARC1" is not. Returns the
 * policy or what is wrong, in words.
 */
export function parseDmarc(record: string): { ok: true; policy: DmarcPolicy } | { ok: false; reason: string } {
  const tags = record
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => {
      const eq = t.indexOf('=');
      return eq === -1 ? { name: t.toLowerCase(), value: '' } : { name: t.slice(0, eq).trim().toLowerCase(), value: t.slice(eq + 1).trim() };
    });
  if (tags[0]?.name !== 'v' || tags[0].value !== 'DMARC1') {
    const run = /^v\s*=\s*DMARC1\s+([A-Za-z]+\s*=)/i.exec(record.trim());
    if (tags[0]?.name === 'v' && run) {
      return { ok: false, reason: `it is missing the ";" after "v=DMARC1" (tags are separated by semicolons): write "${record.trim().replace(/^(v\s*=\s*DMARC1)\s+/i, '$1; ')}"` };
    }
    return { ok: false, reason: '"v=DMARC1" must be its first tag, written exactly so' };
  }
  const get = (name: string) => tags.find((t) => t.name === name)?.value;
  const p = get('p');
  if (p === undefined) return { ok: false, reason: 'it has no policy: add "p=none", "p=quarantine" or "p=reject" right after "v=DMARC1"' };
  if (tags[1]?.name !== 'p') return { ok: false, reason: '"p=" must come right after "v=DMARC1"' };
  if (!POLICIES.includes(p.toLowerCase())) return { ok: false, reason: `"p=${p}" is not a policy: use none, quarantine or reject` };
  const sp = get('sp');
  if (sp !== undefined && !POLICIES.includes(sp.toLowerCase())) return { ok: false, reason: `"sp=${sp}" is not a policy: use none, quarantine or reject` };
  const pctText = get('pct');
  const pct = pctText === undefined ? 100 : /^\d{1,3}$/.test(pctText) ? Number(pctText) : NaN;
  if (!(pct >= 0 && pct <= 100)) return { ok: false, reason: `"pct=${pctText}" must be a whole number from 0 to 100` };
  const rua = (get('rua') ?? '').split(',').map((u) => u.trim()).filter((u) => u !== '');
  const badUri = rua.find((u) => !/^mailto:[^@\s]+@[^@\s]+$/i.test(u.replace(/!\d+[kmgt]?$/i, '')) && !/^https?:\/\//i.test(u));
  if (badUri) return { ok: false, reason: `"rua=${badUri}" is not a report address: write it as mailto:reports@example.com` };
  const alignment = (name: string): 'r' | 's' => (get(name)?.toLowerCase() === 's' ? 's' : 'r'); // another value: the default, relaxed
  return { ok: true, policy: { policy: p.toLowerCase(), subdomainPolicy: sp?.toLowerCase() ?? null, rua, pct, aspf: alignment('aspf'), adkim: alignment('adkim') } };
}

/**
 * A DMARC record, or one meant to be: the tag "v" first (spaces around "=" allowed), any case, so
 * that parseDmarc can name what is wrong with it ("dmarc1" in small letters, the ";" left out).
 */
const isDmarc = (v: string) => /^v\s*=\s*DMARC1(\s*;|\s*$|\s+[A-Za-z]+\s*=)/i.test(v);

/**
 * DMARC at `_dmarc.<domain>`, or inherited from the organisational domain (Public Suffix List):
 * exactly one record, `v=DMARC1` first, a valid `p=`. `details` reports the policy, the
 * subdomain policy, the effective one for this domain, `rua`, `pct` and where it is inherited
 * from. `p=none` is verified, with a diagnosis that says it protects nothing yet.
 */
export const dmarcMatcher: RecordEvaluator = {
  async evaluate(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
    const host = displayName(expected.host);
    const own = await follow(dns, normalizeDnsName(expected.host), 'TXT');
    if (own.kind === 'error') return { status: 'error', found: [], diagnosis: errorSentence(expected, own) };
    const values = own.kind === 'answers' ? own.values : [];
    let records = values.filter(isDmarc);
    let inheritedFrom: string | null = null;
    if (records.length === 0) {
      const misordered = values.find((v) => /(^|;)\s*v\s*=\s*DMARC1/i.test(v));
      if (misordered !== undefined) {
        return { status: 'mismatch', found: values, diagnosis: `The DMARC record at ${host} does not start with "v=DMARC1" (${JSON.stringify(misordered)}), so receivers ignore it. Put "v=DMARC1;" first.` };
      }
      const organisation = getDomain(domain, { allowPrivateDomains: true });
      if (organisation && organisation !== domain) {
        const parent = await follow(dns, `_dmarc.${organisation}`, 'TXT');
        if (parent.kind === 'error') return { status: 'error', found: [], diagnosis: errorSentence({ ...expected, host: `_dmarc.${organisation}` }, parent) };
        const inherited = parent.kind === 'answers' ? parent.values.filter(isDmarc) : [];
        if (inherited.length > 0) {
          records = inherited;
          inheritedFrom = organisation;
        }
      }
    }
    if (records.length === 0) {
      const apex = await follow(dns, domain, 'TXT');
      const atApex = apex.kind === 'answers' && apex.values.some(isDmarc);
      const diagnosis = atApex
        ? `The DMARC record was published at ${domain} itself instead of ${host}, where receivers look for it. Move it to the name "_dmarc".`
        : `There is no DMARC record at ${host}${inheritedFrom === null && getDomain(domain) !== domain ? ` nor at _dmarc.${getDomain(domain)}` : ''}. Publish a TXT record at ${host} with the value "${expected.value}" to start with.`;
      return { status: 'missing', found: values, diagnosis, suggestedValue: expected.value };
    }
    const where = inheritedFrom ? `_dmarc.${inheritedFrom}` : host;
    if (records.length > 1) {
      return { status: 'mismatch', found: records, diagnosis: `There are ${records.length} DMARC records at ${where}: with more than one, receivers apply none of them (RFC 7489 §6.6.3). Keep a single one.` };
    }
    const parsed = parseDmarc(records[0]!);
    if (!parsed.ok) return { status: 'mismatch', found: records, diagnosis: `The DMARC record at ${where} is invalid: ${parsed.reason}.` };
    const { policy, subdomainPolicy, rua, pct } = parsed.policy;
    const effectivePolicy = inheritedFrom ? (subdomainPolicy ?? policy) : policy;
    const details = { policy, subdomainPolicy, effectivePolicy, rua, pct, inheritedFrom, alignment: dmarcAlignment(domain, parsed.policy, matchingContext()) };
    const diagnosis =
      effectivePolicy === 'none'
        ? `DMARC is published${inheritedFrom ? ` (inherited from ${inheritedFrom})` : ''} with the policy "none": receivers report on mail that fails, but deliver it anyway, so it protects nothing yet. Move to "quarantine" or "reject" once the reports show your mail passes.`
        : null;
    return { status: 'valid', found: records, diagnosis, details };
  },
};

export type Alignment = 'aligned' | 'not_aligned' | 'unknown';

/**
 * Whether mail we send for `domain` (From: <domain>) aligns under its DMARC policy (RFC 7489
 * §3.1): SPF through the return path (MAIL FROM), DKIM through the signing domain, which is the
 * domain itself (d=<domain>) with either provider. Relaxed: the same organisational domain;
 * strict: the same name. DMARC passes when either aligns and passes.
 */
export function dmarcAlignment(domain: string, policy: Pick<DmarcPolicy, 'aspf' | 'adkim'>, context: MatchingContext): { spf: Alignment; dkim: Alignment; reason: string } {
  const organisation = (name: string) => getDomain(name, { allowPrivateDomains: true }) ?? name;
  const mode = (m: 'r' | 's', tag: string) => (m === 's' ? `strict, ${tag}=s` : `relaxed, ${tag}=r`);
  const dkim = { alignment: 'aligned' as const, sentence: `DKIM aligns: we sign with d=${domain} (${mode(policy.adkim, 'adkim')}).` };
  const returnPath = context.records.find((r) => r.purpose === 'returnPath');
  let spf: Alignment;
  let sentence: string;
  if (context.records.length === 0) {
    spf = 'unknown';
    sentence = 'SPF alignment is not known: the return path of the domain was not looked at.';
  } else if (!returnPath) {
    spf = 'not_aligned';
    sentence = `SPF does not align: mail leaves with the provider's own MAIL FROM domain, not one of ${domain}; a custom MAIL FROM subdomain (mailFromSubdomain) would align it.`;
  } else {
    const mailFrom = normalizeDnsName(returnPath.host);
    if (policy.aspf === 's') {
      spf = dnsNamesEqual(mailFrom, domain) ? 'aligned' : 'not_aligned';
      sentence =
        spf === 'aligned'
          ? `SPF aligns: the return path is ${domain} itself (strict, aspf=s).`
          : `SPF cannot align: aspf=s (strict) needs the MAIL FROM domain to be ${domain} itself, and the return path is ${displayName(mailFrom)}, a subdomain. DKIM alignment still passes, which is enough for DMARC.`;
    } else {
      spf = organisation(mailFrom) === organisation(domain) ? 'aligned' : 'not_aligned';
      sentence =
        spf === 'aligned'
          ? `SPF aligns: the return path ${displayName(mailFrom)} shares the organisational domain ${organisation(domain)} (relaxed, aspf=r).`
          : `SPF does not align: the return path ${displayName(mailFrom)} is not within ${organisation(domain)} (relaxed, aspf=r).`;
    }
  }
  return { spf, dkim: dkim.alignment, reason: `${sentence} ${dkim.sentence}` };
}
