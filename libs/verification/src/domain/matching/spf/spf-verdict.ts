import type { SpfEvaluation } from '../../spf/check-host.js';
import type { SpfTerm } from '../../spf/spf-syntax.js';
import { dnsNamesEqual } from '../dns-names.js';
import type { SpfWalk } from './spf-evaluator.js';
import { includeFirst, mergeRecords } from './spf-record.js';

/** One of our addresses, evaluated against the customer's record. */
export interface AddressVerdict {
  address: string;
  evaluation: SpfEvaluation;
}

/** What the evaluations say of the record, in the customer's words. */
export interface SpfVerdict {
  status: 'valid' | 'mismatch' | 'error';
  diagnosis: string | null;
  suggestedValue: string | null;
}

export interface VerdictInput {
  /** the name the record is at, as shown */
  host: string;
  domain: string;
  record: string;
  terms: readonly SpfTerm[];
  ours: string;
  walk: SpfWalk;
  verdicts: readonly AddressVerdict[];
  /** where the addresses came from, in words ("PROVIDER_SENDING_IPS", "include:_spf…") */
  source: string;
}

const quoted = (term: string) => `"${term}"`;
const LOOKUP_FIX = 'Remove includes you no longer use, or replace some with the ip4:/ip6: ranges they stand for.';

/** "192.0.2.7", "192.0.2.7 and 198.51.100.0", "192.0.2.7, 198.51.100.0 and 2001:db8::" */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The position (1-based) of the top-level term through which our include is reached; null when it is not. */
function oursAt(input: VerdictInput): number | null {
  if (!input.walk.reached) return null;
  const first = input.walk.via[0];
  const wanted = first === undefined ? `include:${input.ours}` : first;
  const [how, target] = wanted.split(/:(.*)/s) as [string, string];
  const term = input.terms.find((t) => (how === 'include' ? t.kind === 'mechanism' && t.name === 'include' : t.kind === 'modifier' && t.name === 'redirect') && dnsNamesEqual(t.value, target));
  return term?.index ?? null;
}

function termIndex(input: VerdictInput, raw: string): number | null {
  return input.terms.find((t) => t.raw === raw)?.index ?? null;
}

/**
 * The verdict of a record from its evaluation for each of our addresses: `valid` when every one
 * gets `pass`; `error` when DNS failed (temperror: nothing is concluded); otherwise a mismatch
 * that names, per address, the result and the term that decided, and says what to change.
 */
export function spfVerdict(input: VerdictInput): SpfVerdict {
  const { host, domain, ours, walk, verdicts } = input;
  const merged = mergeRecords([input.record], ours);
  const temporary = verdicts.find((v) => v.evaluation.result === 'temperror');
  if (temporary) {
    return {
      status: 'error',
      diagnosis: `The SPF record at ${host} could not be evaluated to the end for ${temporary.address}: ${temporary.evaluation.reason ?? 'a DNS error'}. The check will be retried automatically; until then the record keeps its last known state.`,
      suggestedValue: null,
    };
  }
  const permanent = verdicts.filter((v) => v.evaluation.result === 'permerror');
  if (permanent.length > 0) {
    // the walk's fault holds for every check (and counts lookups in full); the evaluation's may hold for our addresses only
    const diagnosis = walk.permerror
      ? `The SPF record at ${host} makes every SPF check fail with a permanent error (permerror): ${walk.permerror}.${walk.lookups > 10 ? ' ' + LOOKUP_FIX : ''}`
      : `The SPF record at ${host} gives our ${list(permanent.map((v) => v.address))} a permanent error (permerror) instead of "pass": ${permanent[0]!.evaluation.reason ?? 'it breaks a rule of RFC 7208'}.`;
    return { status: 'mismatch', diagnosis, suggestedValue: walk.reached ? null : merged };
  }
  const failing = verdicts.filter((v) => v.evaluation.result !== 'pass');
  if (failing.length === 0) {
    const notes: string[] = [];
    if (!walk.reached) {
      const how = [...new Set(verdicts.map((v) => v.evaluation.mechanism).filter((m): m is string => m !== null))];
      notes.push(
        `The SPF record at ${host} gives our addresses "pass" through ${how.map(quoted).join(', ') || 'its terms'}, not through include:${ours}: should our addresses change, it stops passing. Adding include:${ours} keeps it right: "${merged}".`,
      );
    }
    if (walk.permerror) notes.push(`Receivers give every other sender a permanent error (permerror), though: ${walk.permerror}.${walk.lookups > 10 ? ' ' + LOOKUP_FIX : ''}`);
    if (walk.noAll) notes.push(`It has no "all" term, so every other sender gets the default result, "neutral": receivers neither accept nor refuse them. End it with "~all" or "-all" to say how they should be treated.`);
    return { status: 'valid', diagnosis: notes.length > 0 ? notes.join(' ') : null, suggestedValue: null };
  }

  // group the addresses by what decided for them: one sentence per cause
  const groups = new Map<string, AddressVerdict[]>();
  for (const v of failing) {
    const key = `${v.evaluation.result} ${v.evaluation.mechanism ?? ''} ${v.evaluation.decidedIn ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const sentences: string[] = [];
  let suggestedValue: string | null = walk.reached ? null : merged;
  const ourPosition = oursAt(input);
  for (const group of groups.values()) {
    const { result, mechanism, decidedIn } = group[0]!.evaluation;
    const addresses = list(group.map((v) => v.address));
    const elsewhere = decidedIn !== null && !dnsNamesEqual(decidedIn, host);
    if (mechanism === null) {
      sentences.push(`No term of the SPF record at ${host} matches our ${addresses}, and it has no "all", so receivers give ${group.length === 1 ? 'it' : 'them'} the default result, "${result}".`);
      continue;
    }
    const position = elsewhere ? null : termIndex(input, mechanism);
    if (ourPosition !== null && position !== null && position < ourPosition) {
      sentences.push(`${quoted(mechanism)} comes before include:${ours} in the SPF record at ${host} and gives our ${addresses} "${result}": receivers stop at the first term that matches. Remove it, or move include:${ours} before it.`);
      suggestedValue = includeFirst(input.record, ours);
      continue;
    }
    if (walk.reached) {
      sentences.push(
        `include:${ours} does not give our ${addresses} "pass"${position !== null ? ` and ${quoted(mechanism)} then gives "${result}"` : ''}: our own SPF policy does not list ${group.length === 1 ? 'it' : 'them'} yet (the addresses come from ${input.source}). Nothing needs changing in your record for this.`,
      );
      continue;
    }
    const where = elsewhere ? `${quoted(mechanism)} in the record of ${decidedIn}, which the SPF record at ${host} leads to,` : quoted(mechanism);
    sentences.push(`${where} gives our ${addresses} "${result}".`);
  }
  if (!walk.reached) {
    sentences.push(
      walk.afterAll
        ? `The record has include:${ours} after its "all" term, where receivers stop reading. Move it before "all": "${merged}".`
        : `The SPF record at ${host} does not include include:${ours}, so receivers do not accept our servers for ${domain}. Replace the record with "${merged}" (one SPF record only: do not add a second one).`,
    );
  }
  return { status: 'mismatch', diagnosis: sentences.join(' '), suggestedValue };
}
