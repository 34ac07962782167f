import type { DnsQueryType, DnsResolverPort } from '../dns-resolver.port.js';
import { follow, type FollowedLookup } from '../matching/follow.js';
import { type ClientAddress, parseClientAddress, sameNetwork } from './client-address.js';
import { expandDomainSpec, expandExplanation, type MacroValues } from './spf-macros.js';
import { DNS_QUERYING, isSpfRecord, parseSpf, type SpfQualifier, type SpfTerm } from './spf-syntax.js';

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms, 10 MX and 10 PTR names each, 2 void lookups. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_MX_LIMIT = 10;
export const SPF_PTR_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;

export const SPF_RESULTS = ['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror'] as const;
export type SpfResult = (typeof SPF_RESULTS)[number];

const QUALIFIED: Record<SpfQualifier, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

/** One term evaluated, in evaluation order (an include's own terms follow its entry). */
export interface SpfTraceStep {
  /** the domain whose record holds the term */
  domain: string;
  /** that record, as published (null when there was none to read) */
  record: string | null;
  /** the term as written; null for the record as a whole (no record, the default result) */
  term: string | null;
  /** what it gave, in words */
  outcome: string;
}

/** What check_host() concluded, and how. */
export interface SpfEvaluation {
  result: SpfResult;
  /** the domain check_host() was run for: the sender's domain, or the HELO name */
  domain: string;
  /** the term that decided, as written (null: the default result, no record, or an error before any term) */
  mechanism: string | null;
  /** the domain whose record holds that term (another one after a redirect) */
  decidedIn: string | null;
  /** for `fail`: the domain's explanation (its exp= expanded); null when it has none */
  explanation: string | null;
  /** for permerror, temperror and none: why, in words */
  reason: string | null;
  /** DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect) */
  lookups: number;
  /** of those, the ones whose DNS answer was empty (NXDOMAIN or no records) */
  voidLookups: number;
  trace: SpfTraceStep[];
}

export interface SpfRequest {
  /** the client's IPv4 or IPv6 address */
  ip: string;
  /** MAIL FROM; empty or left out: the HELO identity (`postmaster@<helo>`, §2.4) */
  sender?: string;
  /** the HELO/EHLO name (any text: it may only feed `%{h}`) */
  helo?: string;
  /** `%{r}`: the receiving host (default "unknown") */
  receiver?: string;
  /** `%{t}`; now when left out */
  now?: Date;
}

/** A terminal outcome of one record, or of one term within it. */
interface Outcome {
  result: SpfResult;
  decidedBy: { domain: string; term: string } | null;
  /** the exp= of the record whose mechanism decided (only a top-level fail uses it) */
  exp: { domain: string; record: string; term: string; spec: string } | null;
  reason: string | null;
}

type TermResult = { kind: 'match' } | { kind: 'no-match' } | { kind: 'error'; result: 'permerror' | 'temperror'; reason: string };
const NO_MATCH: TermResult = { kind: 'no-match' };
const permerror = (reason: string): TermResult => ({ kind: 'error', result: 'permerror', reason });
const temperror = (reason: string): TermResult => ({ kind: 'error', result: 'temperror', reason });

interface Evaluation {
  readonly dns: DnsResolverPort;
  readonly client: ClientAddress;
  readonly sender: string;
  readonly localPart: string;
  readonly senderDomain: string;
  readonly helo: string;
  readonly receiver: string;
  readonly timestamp: number;
  lookups: number;
  voidLookups: number;
  readonly trace: SpfTraceStep[];
  validated?: Promise<{ names: string[]; void: boolean; error: string | null }>;
}

/** A name DNS can be asked about: at most 253 characters, labels of 1 to 63. */
export function isQueryableName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => label.length > 0 && label.length <= 63);
}

/** The domain check_host() may start from (§4.3): a queryable name of at least two labels, not an address literal. */
export function isCheckableDomain(name: string): boolean {
  return isQueryableName(name) && name.includes('.') && !name.startsWith('[');
}

/** Splits a sender into local part and domain (§4.3: no local part is `postmaster`). */
export function splitSender(sender: string): { localPart: string; domain: string } {
  const at = sender.lastIndexOf('@');
  const localPart = at === -1 ? '' : sender.slice(0, at);
  const domain = at === -1 ? sender : sender.slice(at + 1);
  return { localPart: localPart === '' ? 'postmaster' : localPart, domain: domain.endsWith('.') ? domain.slice(0, -1) : domain };
}

/**
 * RFC 7208 `check_host(<ip>, <domain>, <sender>)` for a message from `ip` with MAIL FROM `sender`
 * (or, without one, the HELO identity `postmaster@<helo>`), with every DNS question asked
 * through the port. A DNS error where the RFC says so is `temperror`; a rule of the record broken
 * anywhere is `permerror`; `none` when the domain has no SPF record or cannot be checked at all.
 */
export async function checkHost(dns: DnsResolverPort, request: SpfRequest): Promise<SpfEvaluation> {
  const client = parseClientAddress(request.ip);
  if (client === null) throw new Error(`Not an IP address: ${request.ip}`);
  const helo = request.helo ?? '';
  const identity = request.sender ? request.sender : helo === '' ? '' : `postmaster@${helo}`;
  const { localPart, domain } = splitSender(identity);
  const state: Evaluation = {
    dns,
    client,
    sender: `${localPart}@${domain}`,
    localPart,
    senderDomain: domain,
    helo,
    receiver: request.receiver ?? 'unknown',
    timestamp: Math.floor((request.now ?? new Date()).getTime() / 1000),
    lookups: 0,
    voidLookups: 0,
    trace: [],
  };
  const done = (outcome: Outcome, explanation: string | null = null): SpfEvaluation => ({
    result: outcome.result,
    domain,
    mechanism: outcome.decidedBy?.term ?? null,
    decidedIn: outcome.decidedBy?.domain ?? null,
    explanation,
    reason: outcome.reason,
    lookups: state.lookups,
    voidLookups: state.voidLookups,
    trace: state.trace,
  });
  if (!isCheckableDomain(domain)) {
    const reason = domain === '' ? 'there is no domain to check: neither a sender nor a HELO name was given' : `"${domain}" is not a domain name SPF can be checked for (RFC 7208 §4.3)`;
    return done({ result: 'none', decidedBy: null, exp: null, reason });
  }
  const outcome = await evaluateDomain(domain, state, false);
  if (outcome.result !== 'fail' || outcome.exp === null) return done(outcome);
  return done(outcome, await explanation(outcome.exp, state));
}

function values(state: Evaluation, domain: string): MacroValues {
  return {
    sender: state.sender,
    localPart: state.localPart,
    senderDomain: state.senderDomain,
    domain,
    client: state.client,
    helo: state.helo,
    receiver: state.receiver,
    timestamp: state.timestamp,
    validatedName: () => validatedName(state, domain),
  };
}

const dnsTrouble = (found: Extract<FollowedLookup, { kind: 'error' | 'loop' | 'too-long' }>, name: string, type: DnsQueryType) =>
  found.kind === 'error'
    ? `DNS could not be asked for the ${type} records of ${name} (${found.code})`
    : `the aliases (CNAME) of ${name} ${found.kind === 'loop' ? 'go round in a loop' : 'are too many to follow'}`;

/** The one SPF record of a domain, parsed (§4.4, §4.5). `asTerm`: looked up for an include or redirect (then an empty answer is a void lookup). */
async function fetchRecord(
  domain: string,
  state: Evaluation,
  asTerm: boolean,
): Promise<{ record: string; terms: SpfTerm[] } | { none: string } | { error: 'permerror' | 'temperror'; reason: string; record?: string }> {
  const found = await follow(state.dns, domain, 'TXT');
  if (found.kind === 'error' || found.kind === 'loop' || found.kind === 'too-long') return { error: 'temperror', reason: dnsTrouble(found, domain, 'TXT') };
  if (found.kind === 'missing' || found.values.length === 0) {
    if (asTerm && ++state.voidLookups > SPF_VOID_LIMIT) return { error: 'permerror', reason: voidReason() };
    const alias = found.chain.length > 0 ? ` (an alias of ${found.chain[found.chain.length - 1]})` : '';
    return { none: `${domain}${alias} has no TXT records (${found.kind === 'missing' ? found.reason : 'NODATA'}), so no SPF record` };
  }
  const spf = found.values.filter(isSpfRecord);
  if (spf.length === 0) return { none: `${domain} has no SPF record (no TXT record starting with "v=spf1")` };
  if (spf.length > 1) return { error: 'permerror', reason: `${domain} has ${spf.length} SPF records; with more than one, every check fails (RFC 7208 §4.5)` };
  const record = spf[0]!;
  const parsed = parseSpf(record);
  if (!parsed.ok) return { error: 'permerror', record, reason: `the SPF record of ${domain} is invalid at its term ${parsed.index}, "${parsed.term}": ${parsed.reason}` };
  return { record, terms: parsed.terms };
}

const voidReason = () => `more than ${SPF_VOID_LIMIT} DNS lookups found nothing (NXDOMAIN or no records), over the limit of ${SPF_VOID_LIMIT} "void lookups" (RFC 7208 §4.6.4)`;
const lookupReason = () => `more than ${SPF_LOOKUP_LIMIT} DNS-querying terms (include, a, mx, ptr, exists, redirect) had to be evaluated, over the limit of ${SPF_LOOKUP_LIMIT} (RFC 7208 §4.6.4)`;

async function evaluateDomain(domain: string, state: Evaluation, asTerm: boolean): Promise<Outcome> {
  const fetched = await fetchRecord(domain, state, asTerm);
  if ('none' in fetched) {
    state.trace.push({ domain, record: null, term: null, outcome: `none: ${fetched.none}` });
    return { result: 'none', decidedBy: null, exp: null, reason: fetched.none };
  }
  if ('error' in fetched) {
    state.trace.push({ domain, record: fetched.record ?? null, term: null, outcome: `${fetched.error}: ${fetched.reason}` });
    return { result: fetched.error, decidedBy: null, exp: null, reason: fetched.reason };
  }
  return evaluateRecord(domain, fetched.record, fetched.terms, state);
}

/** §4.6: the mechanisms left to right until one matches; then redirect=, else neutral. */
async function evaluateRecord(domain: string, record: string, terms: readonly SpfTerm[], state: Evaluation): Promise<Outcome> {
  const mechanisms = terms.filter((t) => t.kind === 'mechanism');
  const redirect = terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  const exp = terms.find((t) => t.kind === 'modifier' && t.name === 'exp');
  const macros = values(state, domain);
  for (const term of mechanisms) {
    const step: SpfTraceStep = { domain, record, term: term.raw, outcome: '' };
    state.trace.push(step);
    const evaluated = await evaluateMechanism(term, domain, macros, state, step);
    if (evaluated.kind === 'error') {
      step.outcome = `${evaluated.result}: ${evaluated.reason}`;
      return { result: evaluated.result, decidedBy: { domain, term: term.raw }, exp: null, reason: evaluated.reason };
    }
    if (evaluated.kind === 'match') {
      const result = QUALIFIED[term.qualifier];
      step.outcome = `matched: ${result}${step.outcome ? ` (${step.outcome})` : ''}`;
      return { result, decidedBy: { domain, term: term.raw }, exp: exp ? { domain, record, term: exp.raw, spec: exp.value } : null, reason: null };
    }
    step.outcome = `no match${step.outcome ? `: ${step.outcome}` : ''}`;
  }
  // §6.1: a redirect is ignored when the record has an "all" (which always matches before it)
  if (redirect && !mechanisms.some((t) => t.name === 'all')) {
    const step: SpfTraceStep = { domain, record, term: redirect.raw, outcome: '' };
    state.trace.push(step);
    const fail = (result: 'permerror' | 'temperror', reason: string): Outcome => {
      step.outcome = `${result}: ${reason}`;
      return { result, decidedBy: { domain, term: redirect.raw }, exp: null, reason };
    };
    if (++state.lookups > SPF_LOOKUP_LIMIT) return fail('permerror', lookupReason());
    const target = await expandDomainSpec(redirect.value, macros);
    if (!isCheckableDomain(target)) return fail('permerror', `redirect=${redirect.value} gives "${target}", which is not a domain name`);
    const inner = await evaluateDomain(target, state, true);
    if (inner.result === 'none') return fail('permerror', `the redirect target ${target} has no SPF record (RFC 7208 §6.1)`);
    step.outcome = `redirected to ${target}: ${inner.result}`;
    return inner;
  }
  state.trace.push({ domain, record, term: null, outcome: 'no mechanism matched and there is no redirect=: the default result, neutral' });
  return { result: 'neutral', decidedBy: null, exp: null, reason: null };
}

function voidLookup(state: Evaluation, step: SpfTraceStep, what: string): TermResult {
  step.outcome = `${what} (a void lookup)`;
  return ++state.voidLookups > SPF_VOID_LIMIT ? permerror(voidReason()) : NO_MATCH;
}

async function evaluateMechanism(term: SpfTerm, domain: string, macros: MacroValues, state: Evaluation, step: SpfTraceStep): Promise<TermResult> {
  const { client, dns } = state;
  if (DNS_QUERYING.has(term.name) && ++state.lookups > SPF_LOOKUP_LIMIT) return permerror(lookupReason());
  const target = async () => (term.value === '' ? domain : await expandDomainSpec(term.value, macros));
  const addressType: DnsQueryType = client.family === 4 ? 'A' : 'AAAA';
  const prefix = client.family === 4 ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
  switch (term.name) {
    case 'all':
      return { kind: 'match' };
    case 'ip4':
    case 'ip6': {
      if ((term.name === 'ip4') !== (client.family === 4)) {
        step.outcome = `${client.readable} is an IPv${client.family} address`;
        return NO_MATCH;
      }
      const address = term.value.split('/')[0]!;
      return sameNetwork(client, address, prefix) ? { kind: 'match' } : NO_MATCH;
    }
    case 'a': {
      const name = await target();
      if (!isQueryableName(name)) return invalidName(step, name);
      const found = await follow(dns, name, addressType);
      if (found.kind === 'error' || found.kind === 'loop' || found.kind === 'too-long') return temperror(dnsTrouble(found, name, addressType));
      if (found.kind === 'missing' || found.values.length === 0) return voidLookup(state, step, `${name} has no ${addressType} record`);
      step.outcome = `${name} has ${found.values.join(', ')}`;
      return found.values.some((v) => sameNetwork(client, v, prefix)) ? { kind: 'match' } : NO_MATCH;
    }
    case 'mx': {
      const name = await target();
      if (!isQueryableName(name)) return invalidName(step, name);
      const found = await follow(dns, name, 'MX');
      if (found.kind === 'error' || found.kind === 'loop' || found.kind === 'too-long') return temperror(dnsTrouble(found, name, 'MX'));
      if (found.kind === 'missing' || found.values.length === 0) return voidLookup(state, step, `${name} has no MX record`);
      if (found.values.length > SPF_MX_LIMIT) return permerror(`${name} has ${found.values.length} MX records, more than the ${SPF_MX_LIMIT} an "mx" may look up (RFC 7208 §4.6.4)`);
      const hosts = found.values
        .map((v) => ({ preference: Number(v.slice(0, v.indexOf(' '))), exchange: v.slice(v.indexOf(' ') + 1) }))
        .filter((mx) => mx.exchange !== '' && mx.exchange !== '.') // a null MX (RFC 7505) names no host
        .sort((a, b) => a.preference - b.preference);
      for (const host of hosts) {
        if (!isQueryableName(host.exchange)) continue;
        const addresses = await follow(dns, host.exchange, addressType);
        if (addresses.kind === 'error' || addresses.kind === 'loop' || addresses.kind === 'too-long') return temperror(dnsTrouble(addresses, host.exchange, addressType));
        if (addresses.kind === 'answers' && addresses.values.some((v) => sameNetwork(client, v, prefix))) {
          step.outcome = `${client.readable} is ${name}'s MX host ${host.exchange}`;
          return { kind: 'match' };
        }
      }
      step.outcome = hosts.length === 0 ? `${name} has a null MX` : `${client.readable} is none of ${name}'s MX hosts (${hosts.map((h) => h.exchange).join(', ')})`;
      return NO_MATCH;
    }
    case 'ptr': {
      const name = await target();
      const validated = await validatedNames(state);
      if (validated.error !== null) {
        step.outcome = `${validated.error}, so ptr does not match (RFC 7208 §5.5)`;
        return NO_MATCH;
      }
      if (validated.void) return voidLookup(state, step, `${client.reverseName} has no PTR record`);
      const suffix = name.toLowerCase().replace(/\.$/, '');
      const hit = validated.names.find((n) => n === suffix || n.endsWith(`.${suffix}`));
      step.outcome = hit ? `${client.readable} is ${hit}` : validated.names.length === 0 ? `no name of ${client.readable} leads back to it` : `${client.readable} is ${validated.names.join(', ')}, not within ${name}`;
      return hit ? { kind: 'match' } : NO_MATCH;
    }
    case 'exists': {
      const name = await target();
      if (!isQueryableName(name)) return invalidName(step, name);
      const found = await follow(dns, name, 'A'); // always A, whatever the client's family (§5.7)
      if (found.kind === 'error' || found.kind === 'loop' || found.kind === 'too-long') return temperror(dnsTrouble(found, name, 'A'));
      if (found.kind === 'missing' || found.values.length === 0) return voidLookup(state, step, `${name} does not exist`);
      step.outcome = `${name} exists`;
      return { kind: 'match' };
    }
    case 'include': {
      const name = await target();
      if (!isCheckableDomain(name)) return permerror(`include:${term.value} gives "${name}", which is not a domain name`);
      const inner = await evaluateDomain(name, state, true);
      switch (inner.result) {
        case 'pass':
          step.outcome = `${name} gives pass`;
          return { kind: 'match' };
        case 'fail':
        case 'softfail':
        case 'neutral':
          step.outcome = `${name} gives ${inner.result}`;
          return NO_MATCH;
        case 'none':
          return permerror(`include:${name} names a domain without an SPF record (RFC 7208 §5.2)`);
        default:
          return { kind: 'error', result: inner.result, reason: `include:${name}: ${inner.reason ?? inner.result}` };
      }
    }
  }
  return permerror(`"${term.raw}" is not an SPF mechanism`);
}

function invalidName(step: SpfTraceStep, name: string): TermResult {
  step.outcome = `"${name}" is not a valid domain name, so nothing is looked up`;
  return NO_MATCH;
}

/**
 * The client's validated names (§5.5): its PTR names (at most 10), each kept when one of its
 * addresses is the client's. A DNS error on the PTR question ends the search (no names); one on
 * an address question skips that name.
 */
function validatedNames(state: Evaluation): Promise<{ names: string[]; void: boolean; error: string | null }> {
  state.validated ??= (async () => {
    const { client, dns } = state;
    const found = await follow(dns, client.reverseName, 'PTR');
    if (found.kind === 'error' || found.kind === 'loop' || found.kind === 'too-long') return { names: [], void: false, error: dnsTrouble(found, client.reverseName, 'PTR') };
    if (found.kind === 'missing' || found.values.length === 0) return { names: [], void: true, error: null };
    const type: DnsQueryType = client.family === 4 ? 'A' : 'AAAA';
    const names: string[] = [];
    for (const ptr of found.values.slice(0, SPF_PTR_LIMIT)) {
      const name = ptr.toLowerCase().replace(/\.$/, '');
      if (!isQueryableName(name)) continue;
      const addresses = await follow(dns, name, type);
      if (addresses.kind === 'answers' && addresses.values.some((v) => sameNetwork(client, v, client.family === 4 ? 32 : 128))) names.push(name);
    }
    return { names, void: false, error: null };
  })();
  return state.validated;
}

/** `%{p}` (§7.3): the validated name that is the domain, else one below it, else the first; "unknown" without one. */
async function validatedName(state: Evaluation, domain: string): Promise<string> {
  const { names } = await validatedNames(state);
  const d = domain.toLowerCase();
  return names.find((n) => n === d) ?? names.find((n) => n.endsWith(`.${d}`)) ?? names[0] ?? 'unknown';
}

/**
 * The explanation of a fail (§6.2): the TXT record at the exp= target, expanded; nothing when
 * the name has no record, several, a DNS error, or text that is not a valid explanation (7-bit
 * ASCII, valid macros). Not a DNS-querying term: it counts against no limit.
 */
async function explanation(exp: { domain: string; record: string; term: string; spec: string }, state: Evaluation): Promise<string | null> {
  const macros = values(state, exp.domain);
  const step: SpfTraceStep = { domain: exp.domain, record: exp.record, term: exp.term, outcome: '' };
  state.trace.push(step);
  const name = await expandDomainSpec(exp.spec, macros);
  const ignored = (why: string) => {
    step.outcome = `ignored: ${why}`;
    return null;
  };
  if (!isQueryableName(name)) return ignored(`"${name}" is not a domain name`);
  const found = await follow(state.dns, name, 'TXT');
  if (found.kind !== 'answers') return ignored(found.kind === 'missing' ? `${name} has no TXT record` : found.kind === 'error' ? `DNS could not be asked about ${name} (${found.code})` : `the aliases of ${name} lead nowhere`);
  if (found.values.length !== 1) return ignored(`${name} has ${found.values.length} TXT records, not one`);
  const text = found.values[0]!;
  if (/[^\x20-\x7e]/.test(text)) return ignored(`the explanation at ${name} is not 7-bit ASCII text`);
  const expanded = await expandExplanation(text, macros);
  if (!expanded.ok) return ignored(`the explanation at ${name} is not valid: ${expanded.reason}`);
  step.outcome = `explanation: ${expanded.text}`;
  return expanded.text;
}
