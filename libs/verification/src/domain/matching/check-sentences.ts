import { displayName } from './dns-names.js';
import { type FollowedLookup, MAX_ALIAS_HOPS } from './follow.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';

/** `a → b → c`, each name as served (quoted when it holds odd characters). */
export function chainText(chain: readonly string[]): string {
  return chain.map(displayName).join(' → ');
}

/** Generic sentence when the expected name has no record of the expected type. */
export function missingSentence(expected: ExpectedRecord, chain: readonly string[] = []): string {
  if (chain.length > 0) {
    return `${displayName(expected.host)} is an alias (CNAME) of ${chainText(chain)}, which has no ${expected.type} record.`;
  }
  return `No ${expected.type} record found at ${displayName(expected.host)}.`;
}

/** Sentence for a DNS error: nothing is known about the record, and the check will run again. */
export function errorSentence(expected: ExpectedRecord, error: Extract<FollowedLookup, { kind: 'error' }>): string {
  const host = displayName(expected.host);
  const retried = 'The check will be retried automatically; until then the record keeps its last known state.';
  const last = error.chain[error.chain.length - 1];
  const about = last === undefined ? `the ${expected.type} record at ${host}` : displayName(last);
  if (error.delegation) {
    const { zone, servers } = error.delegation;
    return (
      `DNS could not be asked about ${about}: the DNS server asked does not answer for it but refers to ${servers.map(displayName).join(', ')}, ` +
      `the name servers of ${displayName(zone)} (a referral; the server does not recurse). ${retried}`
    );
  }
  if (last !== undefined) {
    return (
      `The ${expected.type} at ${host} points to ${chainText(error.chain)}, but DNS could not be asked about ${about} (${error.code}), ` +
      `so it is not known yet whether it leads to ${displayName(expected.value)}. ${retried}`
    );
  }
  return `DNS could not be queried for the ${expected.type} record at ${host} (${error.code}). ${retried}`;
}

export interface LookupRules {
  /** The values to report for a successful answer (a CNAME's whole chain, a TXT's records). */
  found(primary: Extract<FollowedLookup, { kind: 'answers' }>): string[];
  /** True when the values found satisfy the expected record. */
  accepts(expected: ExpectedRecord, found: readonly string[]): boolean;
  /** Sentence for values that do not satisfy it. */
  mismatchSentence(expected: ExpectedRecord, found: readonly string[]): string;
}

/** Turns a followed primary lookup into a RecordCheck with a generic diagnosis (shared by matchers). */
export function checkFromLookup(expected: ExpectedRecord, primary: FollowedLookup, rules: LookupRules): RecordCheck {
  const host = displayName(expected.host);
  switch (primary.kind) {
    case 'error':
      return { status: 'error', found: [], diagnosis: errorSentence(expected, primary) };
    case 'missing':
      return { status: 'missing', found: [...primary.chain], diagnosis: missingSentence(expected, primary.chain) };
    case 'loop':
      return {
        status: 'mismatch',
        found: [...primary.chain],
        diagnosis: `The CNAME chain at ${host} goes round in a loop (${host} → ${chainText(primary.chain)}), so it leads nowhere. Make ${host} a CNAME of ${displayName(expected.value)}.`,
      };
    case 'too-long':
      return {
        status: 'mismatch',
        found: [...primary.chain],
        diagnosis: `The CNAME chain at ${host} goes through more than ${MAX_ALIAS_HOPS} aliases (${chainText(primary.chain)}), more than receivers follow. Make ${host} a CNAME of ${displayName(expected.value)}.`,
      };
    case 'answers': {
      const found = rules.found(primary);
      if (found.length === 0) return { status: 'missing', found, diagnosis: missingSentence(expected) };
      if (rules.accepts(expected, found)) return { status: 'valid', found, diagnosis: null };
      return { status: 'mismatch', found, diagnosis: rules.mismatchSentence(expected, found) };
    }
  }
}
