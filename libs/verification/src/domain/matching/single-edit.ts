/**
 * Detects a single-character typo between an expected and a found string (Damerau–Levenshtein
 * distance 1, restricted to adjacent swaps). Positions are 0-based indexes into code points;
 * sentences show them 1-based.
 */
export type SingleEdit =
  /** `found` has `actual` where `expected` has `wanted`, at `index` in both. */
  | { readonly kind: 'substitution'; readonly index: number; readonly actual: string; readonly wanted: string }
  /** `found` has an extra `actual` at `index` (in `found`). */
  | { readonly kind: 'insertion'; readonly index: number; readonly actual: string }
  /** `found` lacks `wanted`, which `expected` has at `index`. */
  | { readonly kind: 'deletion'; readonly index: number; readonly wanted: string }
  /** The two characters at `index` and `index + 1` are swapped: `actual` should be `wanted`. */
  | { readonly kind: 'transposition'; readonly index: number; readonly actual: string; readonly wanted: string };

/** The one edit turning `expected` into `found`, or null when they are equal or further apart. */
export function findSingleEdit(expected: string, found: string): SingleEdit | null {
  const e = Array.from(expected);
  const f = Array.from(found);
  let p = 0;
  while (p < e.length && p < f.length && e[p] === f[p]) p++;
  const rest = (chars: string[], from: number): string => chars.slice(from).join('');

  if (e.length === f.length) {
    if (p === e.length) return null; // equal
    if (rest(e, p + 1) === rest(f, p + 1)) {
      return { kind: 'substitution', index: p, actual: f[p], wanted: e[p] };
    }
    if (p + 1 < e.length && e[p] === f[p + 1] && e[p + 1] === f[p] && rest(e, p + 2) === rest(f, p + 2)) {
      return { kind: 'transposition', index: p, actual: f[p] + f[p + 1], wanted: e[p] + e[p + 1] };
    }
    return null;
  }
  if (f.length === e.length + 1 && rest(f, p + 1) === rest(e, p)) {
    return { kind: 'insertion', index: p, actual: f[p] };
  }
  if (e.length === f.length + 1 && rest(e, p + 1) === rest(f, p)) {
    return { kind: 'deletion', index: p, wanted: e[p] };
  }
  return null;
}

function quoteChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  return `"${c}"`;
}

/** Clause for a sentence about the found value, e.g. `which has one wrong character: character 17 is "x" but should be "4"`. */
export function describeSingleEdit(edit: SingleEdit): string {
  switch (edit.kind) {
    case 'substitution':
      return `which has one wrong character: character ${edit.index + 1} is ${quoteChar(edit.actual)} but should be ${quoteChar(edit.wanted)}`;
    case 'insertion':
      return `which has one extra character: ${quoteChar(edit.actual)} at position ${edit.index + 1}`;
    case 'deletion':
      return `which is missing one character: ${quoteChar(edit.wanted)} at position ${edit.index + 1}`;
    case 'transposition':
      return `which has two characters swapped at positions ${edit.index + 1} and ${edit.index + 2}: "${edit.actual}" should be "${edit.wanted}"`;
  }
}
