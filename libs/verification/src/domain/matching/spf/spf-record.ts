/**
 * SPF records (RFC 7208 §4.6, §12) as the matcher reads them: the parser of check_host()
 * (domain/spf/spf-syntax.ts), and merging our include into what the customer has. Pure functions.
 */
export { hasMacro, isSpfRecord, parseSpf, SPF_MECHANISMS as MECHANISMS, type SpfParse, type SpfQualifier, type SpfTerm } from '../../spf/spf-syntax.js';

const isAll = (w: string) => /^[+\-~?]?all$/i.test(w);
const isRedirect = (w: string) => /^redirect=/i.test(w);
const includeTarget = (w: string) => (/^\+?include:/i.test(w) ? w.replace(/^\+?include:/i, '').replace(/\.$/, '').toLowerCase() : null);

/**
 * The customer's record with `include:<ours>` merged in, so they replace one record instead of
 * adding a second (which would break SPF): before the first `all`, else before `redirect=`, else
 * at the end. An include of ours after `all` moves before it.
 */
export function mergeInclude(record: string, include: string): string {
  return mergeRecords([record], include);
}

/**
 * Every SPF record found at a name merged into one, with ours: the first record's terms, then
 * the terms of the others it lacks, then `include:<ours>`, then the first `all` (else the first
 * `redirect=`, which only applies without an `all`). Publishing it replaces them all, so no other
 * sender of the customer's loses its place.
 */
export function mergeRecords(records: readonly string[], include: string): string {
  const ours = include.replace(/\.$/, '').toLowerCase();
  const terms: string[] = [];
  const seen = new Set<string>();
  let all: string | null = null;
  let redirect: string | null = null;
  let exp: string | null = null;
  for (const record of records) {
    for (const word of record.trim().split(/ +/).slice(1)) {
      if (isAll(word)) all ??= word;
      else if (isRedirect(word)) redirect ??= word;
      else if (/^exp=/i.test(word)) exp ??= word; // a record may have one
      else if (includeTarget(word) === ours) continue;
      else if (!seen.has(word.toLowerCase())) {
        seen.add(word.toLowerCase());
        terms.push(word);
      }
    }
  }
  const version = records[0]?.trim().split(/ +/)[0] ?? 'v=spf1';
  return [version, ...terms, `include:${include}`, ...(all ? [all] : redirect ? [redirect] : []), ...(exp ? [exp] : [])].join(' ');
}

/** The record with our include moved to its front, ahead of the terms that decide before it. */
export function includeFirst(record: string, include: string): string {
  const ours = include.replace(/\.$/, '').toLowerCase();
  const [version, ...words] = record.trim().split(/ +/);
  return [version, `include:${include}`, ...words.filter((w) => includeTarget(w) !== ours)].join(' ');
}
