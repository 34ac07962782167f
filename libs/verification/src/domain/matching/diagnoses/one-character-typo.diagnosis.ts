import { displayName, normalizeDnsName } from '../dns-names.js';
import type { ValueDiagnosis } from '../record-matcher.js';
import { describeSingleEdit, findSingleEdit } from '../single-edit.js';
import { normalizeTxt } from '../txt-values.js';

/** A CNAME target one typo away from the expected one (compared case-insensitively, without the final dot). */
export const cnameTypo: ValueDiagnosis = (expected, _domain, found) => {
  for (const target of found) {
    const edit = findSingleEdit(normalizeDnsName(expected.value), normalizeDnsName(target));
    if (edit !== null) {
      return `The CNAME at ${displayName(expected.host)} points to ${displayName(target)}, ${describeSingleEdit(edit)}. Change the value to "${expected.value}".`;
    }
  }
  return null;
};

/** A TXT record one typo away from the expected value (case-sensitive; whitespace normalized; whole record). */
export const txtTypo: ValueDiagnosis = (expected, _domain, found) => {
  for (const record of found) {
    const shown = normalizeTxt(record);
    const edit = findSingleEdit(normalizeTxt(expected.value), shown);
    if (edit !== null) {
      return `The TXT record at ${displayName(expected.host)} is "${shown}", ${describeSingleEdit(edit)}. Change the value to "${expected.value}".`;
    }
  }
  return null;
};
