import { displayName } from '../dns-names.js';
import type { ExpectedRecord } from '../record-check.js';
import type { ValueDiagnosis } from '../record-matcher.js';
import { isSpfRecord, normalizeTxt } from '../txt-values.js';

/**
 * More than one SPF record at the name: receivers then return a permanent error for every SPF
 * check (RFC 7208 §4.5), even if one of the records is ours. Applies when the expected value is SPF.
 */
export function duplicateSpfSentence(expected: ExpectedRecord, found: readonly string[]): string | null {
  const wanted = normalizeTxt(expected.value);
  if (!isSpfRecord(wanted)) return null;
  const spf = found.filter(isSpfRecord);
  if (spf.length < 2) return null;
  const ours = wanted
    .split(' ')
    .slice(1)
    .filter((term) => !/^[-+~?]?all$/i.test(term) && !/^redirect=/i.test(term));
  const merge =
    ours.length === 0
      ? 'Merge them into a single SPF record.'
      : `Merge them into a single SPF record that includes "${ours.join(' ')}".`;
  return `There are ${spf.length} SPF records (TXT records starting with "v=spf1") at ${displayName(expected.host)}, but only one is allowed: with more, every SPF check fails with a permanent error (RFC 7208 §4.5). ${merge}`;
}

export const duplicateSpf: ValueDiagnosis = (expected, _domain, found) => duplicateSpfSentence(expected, found);
