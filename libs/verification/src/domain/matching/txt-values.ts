/**
 * TXT value semantics (case-sensitive; DNS has already joined each record's character-strings).
 *
 * A TXT record R *contains* an expected value V when, after normalizing both (trim, and collapse
 * each run of whitespace into one space), V is non-empty and occurs in R as a whole unit: at the
 * start of R or right after a space or `;`, and at the end of R or right before a space or `;`.
 * So `token` is contained in `token`, ` token `, `other token` and `a=1; token; b=2`, but not in
 * `Token`, `tokenX` or `xtoken` (a token with an extra character is a typo, not a match).
 */
export function normalizeTxt(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

const BOUNDARY = new Set([' ', ';']);

export function txtRecordContains(record: string, expectedValue: string): boolean {
  const r = normalizeTxt(record);
  const v = normalizeTxt(expectedValue);
  if (v === '') return false;
  for (let at = r.indexOf(v); at !== -1; at = r.indexOf(v, at + 1)) {
    const before = at === 0 || BOUNDARY.has(r[at - 1]) || BOUNDARY.has(v[0]);
    const end = at + v.length;
    const after = end === r.length || BOUNDARY.has(r[end]) || BOUNDARY.has(v[v.length - 1]);
    if (before && after) return true;
  }
  return false;
}

export { isSpfRecord } from '../spf/spf-syntax.js';
