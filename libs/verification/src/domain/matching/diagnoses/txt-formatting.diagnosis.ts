import { displayName } from '../dns-names.js';
import type { ValueDiagnosis } from '../record-matcher.js';
import { normalizeTxt, txtRecordContains } from '../txt-values.js';

const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The TXT record equals the expected value except for upper/lower case; values are case-sensitive. */
export const txtCaseDiffers: ValueDiagnosis = (expected, _domain, found) => {
  const wanted = normalizeTxt(expected.value);
  const record = found.map(normalizeTxt).find((r) => r !== wanted && lowerAscii(r) === lowerAscii(wanted));
  if (record === undefined) return null;
  return `The TXT record at ${displayName(expected.host)} is "${record}", which differs from the expected value only in upper and lower case. The value is case-sensitive: change it to exactly "${expected.value}".`;
};

/** Surrounding quotation marks (plain or backslash-escaped) that became part of the value. */
const SURROUNDING_QUOTES = /^(?:\\?["'])+|(?:\\?["'])+$/g;

/** The customer typed quotes around the value in a DNS host that adds its own. */
export const txtQuoted: ValueDiagnosis = (expected, _domain, found) => {
  const record = found.find((r) => {
    const unquoted = normalizeTxt(r).replace(SURROUNDING_QUOTES, '');
    return unquoted !== normalizeTxt(r) && txtRecordContains(unquoted, expected.value);
  });
  if (record === undefined) return null;
  return `The TXT record at ${displayName(expected.host)} has quotation marks as part of its value: ${normalizeTxt(record)}. Remove the quotation marks; your DNS provider adds any that are needed itself.`;
};
