import type { DnsResolverPort } from '../../dns-resolver.port.js';
import { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT } from '../../spf/check-host.js';
import { dnsNamesEqual } from '../dns-names.js';
import { follow } from '../follow.js';
import { hasMacro, isSpfRecord, parseSpf, type SpfTerm } from './spf-record.js';

export { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT };

/** DNS-querying terms a walk goes on counting past the limit before it gives up (the count is for the diagnosis). */
const WALK_CAP = 60;

/** What walking a record (and everything it includes) in evaluation order found. */
export interface SpfWalk {
  /** DNS-querying terms (include, a, mx, ptr, exists, redirect) evaluation may reach, counted recursively, past the limit too */
  lookups: number;
  /** of those, the ones that found nothing (NXDOMAIN or no records) */
  voidLookups: number;
  /** our include is evaluated before any `all` (directly or through nested includes/redirects) */
  reached: boolean;
  /** the includes/redirects leading to ours, outermost first (empty when ours is direct) */
  via: string[];
  /** our include appears, but after an `all`, where evaluation never gets */
  afterAll: boolean;
  /** the record has no `all` (nor a redirect): whoever no term names gets the default result, neutral */
  noAll: boolean;
  /** a fault that makes every check of the record fail (RFC 7208 permerror) */
  permerror: string | null;
  /** a DNS error: nothing can be concluded now */
  temperror: string | null;
}

const DNS_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

/**
 * Walks an SPF record the way a receiver evaluates it, without an IP address: every term in
 * order until an `all`, into includes and a redirect, counting DNS lookups and void lookups
 * (macros are left unexpanded but counted), and noting whether `ours` is reached before an `all`.
 * Terms after an `all` are never evaluated and cost nothing. Over the limit it walks on, so the
 * count says how many lookups the record needs. Our own include is counted as one lookup and
 * not fetched: the provider keeps it within the limits.
 */
export async function walkSpf(dns: DnsResolverPort, domain: string, terms: readonly SpfTerm[], ours: string): Promise<SpfWalk> {
  const walk: SpfWalk = { lookups: 0, voidLookups: 0, reached: false, via: [], afterAll: false, noAll: false, permerror: null, temperror: null };
  walk.noAll = !terms.some((t) => (t.kind === 'mechanism' && t.name === 'all') || (t.kind === 'modifier' && t.name === 'redirect'));
  await visit(dns, domain, terms, ours, walk, [domain.toLowerCase()], []);
  if (!walk.permerror && walk.lookups > SPF_LOOKUP_LIMIT) {
    walk.permerror = `it needs ${walk.lookups >= WALK_CAP ? `at least ${walk.lookups}` : walk.lookups} DNS lookups (include, a, mx, ptr, exists and redirect, counted through every include), over the limit of ${SPF_LOOKUP_LIMIT}`;
  }
  if (!walk.permerror && walk.voidLookups > SPF_VOID_LIMIT) {
    walk.permerror = `${walk.voidLookups} of its DNS lookups find nothing, over the limit of ${SPF_VOID_LIMIT} such "void lookups"`;
  }
  return walk;
}

/** The one SPF record at `name`, its terms parsed; or why there is none to use. */
async function fetchSpf(dns: DnsResolverPort, name: string): Promise<{ terms: SpfTerm[] } | { void: true } | { permerror: string } | { temperror: string }> {
  const found = await follow(dns, name, 'TXT');
  if (found.kind === 'error') return { temperror: `DNS could not be asked about ${name} (${found.code})` };
  if (found.kind !== 'answers') return { void: true };
  const spf = found.values.filter(isSpfRecord);
  if (spf.length === 0) return { void: true };
  if (spf.length > 1) return { permerror: `${name} has ${spf.length} SPF records` };
  const parsed = parseSpf(spf[0]!);
  if (!parsed.ok) return { permerror: `the SPF record of ${name} is invalid at "${parsed.term}": ${parsed.reason}` };
  return { terms: parsed.terms };
}

async function visit(dns: DnsResolverPort, domain: string, terms: readonly SpfTerm[], ours: string, walk: SpfWalk, stack: string[], path: string[]): Promise<void> {
  let allSeen = false;
  const stop = () => walk.permerror !== null || walk.temperror !== null || walk.lookups >= WALK_CAP;
  for (const term of terms) {
    if (stop()) return;
    if (term.kind !== 'mechanism') continue;
    if (term.name === 'all') {
      allSeen = true;
      continue;
    }
    if (allSeen) {
      // never evaluated: it costs no lookup, but our include there is worth naming
      if (term.name === 'include' && dnsNamesEqual(term.value, ours)) walk.afterAll = true;
      continue;
    }
    if (!DNS_TERMS.has(term.name)) continue;
    walk.lookups++;
    if (term.name === 'include') {
      if (dnsNamesEqual(term.value, ours)) {
        if (!walk.reached) walk.via = [...path];
        walk.reached = true;
        continue;
      }
      if (hasMacro(term.value)) continue;
      await include(dns, term.value, ours, walk, stack, path, 'include');
      continue;
    }
    if (term.name === 'ptr' || (term.value !== '' && hasMacro(term.value))) continue;
    const target = term.value || domain;
    const type = term.name === 'mx' ? 'MX' : 'A';
    const found = await follow(dns, target, type);
    if (found.kind === 'error') walk.temperror = `DNS could not be asked about ${target} (${found.code}) for "${term.raw}"`;
    else if (found.kind !== 'answers' || found.values.length === 0) walk.voidLookups++;
  }
  const redirect = terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  if (redirect && !allSeen && !stop()) {
    walk.lookups++;
    if (dnsNamesEqual(redirect.value, ours)) {
      if (!walk.reached) walk.via = [...path];
      walk.reached = true;
    } else if (!hasMacro(redirect.value)) {
      await include(dns, redirect.value, ours, walk, stack, path, 'redirect');
    }
  }
}

async function include(dns: DnsResolverPort, target: string, ours: string, walk: SpfWalk, stack: string[], path: string[], how: 'include' | 'redirect'): Promise<void> {
  const name = target.replace(/\.$/, '').toLowerCase();
  if (stack.includes(name)) {
    walk.permerror = `it ${how}s ${target} in a loop (${[...stack, name].join(' → ')})`;
    return;
  }
  const fetched = await fetchSpf(dns, name);
  if ('temperror' in fetched) walk.temperror = fetched.temperror;
  else if ('permerror' in fetched) walk.permerror = fetched.permerror;
  else if ('void' in fetched) {
    walk.voidLookups++;
    walk.permerror = `${how === 'include' ? 'include' : 'redirect'}:${target} names a domain without an SPF record, which makes every SPF check fail`;
  } else await visit(dns, name, fetched.terms, ours, walk, [...stack, name], [...path, `${how}:${target}`]);
}
