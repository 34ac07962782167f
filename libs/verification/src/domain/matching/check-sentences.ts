import type { DnsLookupResult } from '../dns-resolver.port.js';
import { displayName } from './dns-names.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';

/** Generic sentence when the expected name has no record of the expected type. */
export function missingSentence(expected: ExpectedRecord): string {
  return `No ${expected.type} record found at ${displayName(expected.host)}.`;
}

/** Sentence for a DNS error: nothing is known about the record, and the check will run again. */
export function errorSentence(expected: ExpectedRecord, code: string): string {
  return `DNS could not be queried for the ${expected.type} record at ${displayName(expected.host)} (${code}). The check will be retried automatically.`;
}

export interface LookupRules {
  /** True when the values found satisfy the expected record. */
  accepts(expected: ExpectedRecord, found: readonly string[]): boolean;
  /** Sentence for values that do not satisfy it. */
  mismatchSentence(expected: ExpectedRecord, found: readonly string[]): string;
}

/** Turns a primary lookup into a RecordCheck with a generic diagnosis (shared by matchers). */
export function checkFromLookup(expected: ExpectedRecord, primary: DnsLookupResult, rules: LookupRules): RecordCheck {
  switch (primary.kind) {
    case 'error':
      return { status: 'error', found: [], diagnosis: errorSentence(expected, primary.code) };
    case 'missing':
      return { status: 'missing', found: [], diagnosis: missingSentence(expected) };
    case 'answers': {
      const found = [...primary.values];
      if (found.length === 0) return { status: 'missing', found, diagnosis: missingSentence(expected) };
      if (rules.accepts(expected, found)) return { status: 'valid', found, diagnosis: null };
      return { status: 'mismatch', found, diagnosis: rules.mismatchSentence(expected, found) };
    }
  }
}
