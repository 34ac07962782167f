import ipaddr from 'ipaddr.js';
import { findSingleEdit } from '../matching/single-edit.js';
import { parseIp6 } from './client-address.js';

/**
 * The grammar of an SPF record (RFC 7208 §4.5, §4.6, §5, §6, §7.1 and the ABNF of §12), parsed
 * whole before anything is evaluated (§4.6: a syntax error anywhere is a permerror, even after
 * the term that would have matched). Every name the ABNF writes as a quoted string (`v=spf1`,
 * mechanisms, `redirect`, `exp`, macro letters) is case-insensitive. Pure functions.
 */

export type SpfQualifier = '+' | '-' | '~' | '?';
export const SPF_MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanismName = (typeof SPF_MECHANISMS)[number];
/** The terms that ask DNS and count against the limit of 10 (§4.6.4). */
export const DNS_QUERYING = new Set<string>(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export interface SpfTerm {
  /** the term as written */
  raw: string;
  /** 1-based position of the term in the record (after `v=spf1`) */
  index: number;
  kind: 'mechanism' | 'modifier';
  qualifier: SpfQualifier;
  /** mechanism or modifier name, lower case */
  name: string;
  /** the domain-spec (a, mx, ptr, include, exists; '' when left out), the address with its prefix (ip4, ip6) or the modifier's value */
  value: string;
  /** prefix length for IPv4 addresses (ip4, a, mx); null when not written */
  cidr4: number | null;
  /** prefix length for IPv6 addresses (ip6, a, mx); null when not written */
  cidr6: number | null;
}

export type SpfParse = { ok: true; terms: SpfTerm[] } | { ok: false; term: string; index: number; reason: string };

/** A record is SPF when it starts with `v=spf1` (any case) followed by a space or its end (§4.5). */
export function isSpfRecord(value: string): boolean {
  return /^v=spf1( |$)/i.test(value);
}

/** True when a domain-spec holds macros (`%{i}`…), which depend on the message being checked. */
export function hasMacro(spec: string): boolean {
  return spec.includes('%');
}

/** One piece of a macro-string: a literal run, or a macro-expand. */
export type MacroToken =
  | { kind: 'literal'; text: string }
  | { kind: 'escape'; text: '%' | ' ' | '%20' }
  | { kind: 'macro'; letter: string; upper: boolean; digits: number | null; reverse: boolean; delimiters: string; raw: string };

export const MACRO_LETTERS = 'slodiphcrtv';
/** Letters only an explanation may use (§7.1: c, r and t "are only allowed in "exp" text"). */
export const EXP_ONLY_LETTERS = 'crt';
const DELIMITERS = '.-+,/_=';

/**
 * A macro-string (§7.1) split into literals and macros, or why it is not one. `explanation`
 * allows spaces and the exp-only letters c, r and t.
 */
export function tokenizeMacroString(text: string, explanation = false): { ok: true; tokens: MacroToken[] } | { ok: false; reason: string } {
  const tokens: MacroToken[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '%') {
      const code = c.charCodeAt(0);
      if (code < 0x21 || code > 0x7e) {
        if (!(explanation && c === ' ')) return { ok: false, reason: `it holds a character SPF does not allow there (${describeChar(c)})` };
      }
      literal += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      flush();
      tokens.push({ kind: 'escape', text: next === '%' ? '%' : next === '_' ? ' ' : '%20' });
      i++;
      continue;
    }
    if (next !== '{') return { ok: false, reason: `"%" must be followed by "{", "%", "_" or "-" (found ${next === undefined ? 'the end' : `"%${next}"`})` };
    const close = text.indexOf('}', i + 2);
    if (close === -1) return { ok: false, reason: `the macro "${text.slice(i)}" is not closed with "}"` };
    const body = text.slice(i + 2, close);
    const m = /^([A-Za-z])(\d*)([rR]?)(.*)$/.exec(body);
    const raw = text.slice(i, close + 1);
    if (!m) return { ok: false, reason: `"${raw}" is not a macro` };
    const letter = m[1]!.toLowerCase();
    if (!MACRO_LETTERS.includes(letter)) return { ok: false, reason: `"${raw}" uses the letter "${m[1]}", which is not a macro letter (s, l, o, d, i, p, h, v; c, r, t in explanations)` };
    if (!explanation && EXP_ONLY_LETTERS.includes(letter)) return { ok: false, reason: `"${raw}": the macro letters c, r and t are only allowed in explanation text` };
    if (m[2] !== '' && (Number(m[2]) === 0 || m[2]!.startsWith('0'))) return { ok: false, reason: `"${raw}": the number of parts must be a positive number` };
    if ([...m[4]!].some((d) => !DELIMITERS.includes(d))) return { ok: false, reason: `"${raw}": only . - + , / _ = may follow the letter as delimiters` };
    flush();
    tokens.push({ kind: 'macro', letter, upper: m[1] !== letter, digits: m[2] === '' ? null : Number(m[2]), reverse: m[3] !== '', delimiters: m[4] || '.', raw });
    i = close;
  }
  flush();
  return { ok: true, tokens };
}

function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (code === 0x20) return 'a space';
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}", outside 7-bit ASCII`;
}

const TOPLABEL = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/;

/**
 * Why `spec` is not a domain-spec (macro-string domain-end, §7.1), or null: it must end with a
 * macro or with "." and a top label that is not all digits and does not start or end with "-".
 */
export function domainSpecProblem(spec: string, after = ':'): string | null {
  if (spec === '') return `it needs a domain after "${after}"`;
  const parsed = tokenizeMacroString(spec);
  if (!parsed.ok) return parsed.reason;
  const last = parsed.tokens[parsed.tokens.length - 1]!;
  if (last.kind !== 'literal') return null;
  const tail = last.text.endsWith('.') ? last.text.slice(0, -1) : last.text;
  const dot = tail.lastIndexOf('.');
  if (dot === -1 || !TOPLABEL.test(tail.slice(dot + 1))) return `"${spec}" is not a domain name (it must end with a macro or with a dot and a top-level label such as ".com")`;
  return null;
}

/** A prefix length as the ABNF writes it: 0, or digits without a leading zero, at most `max`. */
function prefixLength(text: string, max: number, slash = '/'): number | string {
  if (!/^(0|[1-9]\d*)$/.test(text)) return `"${slash}${text}" is not a prefix length like ${slash}24`;
  const n = Number(text);
  return n > max ? `${slash}${text} is longer than ${slash}${max}` : n;
}

/** IPv4 in dotted-quad form, each part 0-255 without leading zeros (the ABNF's qnum). */
export function isIp4Network(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) && text.split('.').every((q) => q === '0' || !q.startsWith('0'));
}

/** IPv6 as RFC 4291 writes it (an IPv4 tail allowed), without a zone. */
export function isIp6Network(text: string): boolean {
  return parseIp6(text) !== null;
}

/** Parses a record that starts with `v=spf1`; tells the first term that breaks the grammar, and why. */
export function parseSpf(record: string): SpfParse {
  // terms are separated by one or more spaces (and only spaces, §4.6.1); trailing spaces are allowed
  const words = record.split(' ').filter((w) => w !== '');
  const terms: SpfTerm[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < words.length; i++) {
    const raw = words[i]!;
    const fail = (reason: string): SpfParse => ({ ok: false, term: raw, index: i, reason });
    const bad = [...raw].find((c) => c.charCodeAt(0) < 0x21 || c.charCodeAt(0) > 0x7e);
    if (bad !== undefined) return fail(`it holds a character SPF does not allow (${describeChar(bad)}; terms are separated by spaces only)`);
    const modifier = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/.exec(raw);
    if (modifier) {
      const name = modifier[1]!.toLowerCase();
      const value = modifier[2]!;
      if (name === 'redirect' || name === 'exp') {
        const problem = domainSpecProblem(value, '=');
        if (problem) return fail(problem);
        if (seen.has(name)) return fail(`a record may have only one ${name}=`);
        seen.add(name);
      } else {
        const parsed = tokenizeMacroString(value, true);
        if (!parsed.ok) return fail(`"${value}" is not a valid modifier value: ${parsed.reason}`);
      }
      terms.push({ raw, index: i, kind: 'modifier', qualifier: '+', name, value, cidr4: null, cidr6: null });
      continue;
    }
    const qualifier = /^[+\-~?]/.test(raw) ? (raw[0] as SpfQualifier) : '+';
    const body = /^[+\-~?]/.test(raw) ? raw.slice(1) : raw;
    const m = /^([A-Za-z0-9]+)(.*)$/.exec(body);
    const name = m?.[1]?.toLowerCase() ?? '';
    const rest = m?.[2] ?? body;
    if (!(SPF_MECHANISMS as readonly string[]).includes(name)) {
      const near = nearMechanism(name);
      return fail(`"${name || body}" is not an SPF mechanism${near ? ` (did you mean "${near}"?)` : ''}`);
    }
    let value = '';
    let cidr4: number | null = null;
    let cidr6: number | null = null;
    switch (name as SpfMechanismName) {
      case 'all':
        if (rest !== '') return fail('"all" takes no value');
        break;
      case 'include':
      case 'exists': {
        if (!rest.startsWith(':')) return fail(`"${name}" needs a domain: ${name}:example.com`);
        value = rest.slice(1);
        const problem = domainSpecProblem(value);
        if (problem) return fail(problem);
        break;
      }
      case 'ptr': {
        if (rest !== '' && !rest.startsWith(':')) return fail(rest.startsWith('/') ? '"ptr" takes no prefix length' : `"${raw}" is not a valid ptr mechanism`);
        if (rest.startsWith(':')) {
          value = rest.slice(1);
          const problem = domainSpecProblem(value);
          if (problem) return fail(problem);
        }
        break;
      }
      case 'a':
      case 'mx': {
        // the dual-cidr-length is only ever at the end: a domain-spec may hold "/" itself
        const dual = /^(.*?)(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(rest)!;
        const spec = dual[1]!;
        if (dual[2] !== undefined) {
          const n = prefixLength(dual[2], 32);
          if (typeof n === 'string') return fail(n);
          cidr4 = n;
        }
        if (dual[3] !== undefined) {
          const n = prefixLength(dual[3], 128, '//');
          if (typeof n === 'string') return fail(n);
          cidr6 = n;
        }
        if (spec !== '' && !spec.startsWith(':')) return fail(`"${raw}" is not a valid ${name} mechanism`);
        if (spec.startsWith(':')) {
          value = spec.slice(1);
          const problem = domainSpecProblem(value);
          if (problem) return fail(problem);
        }
        break;
      }
      case 'ip4':
      case 'ip6': {
        const family = name === 'ip4' ? 4 : 6;
        const spec = /^:([^/]*)(?:\/([^/]*))?$/.exec(rest);
        const address = spec?.[1] ?? '';
        const valid = spec !== null && (family === 4 ? isIp4Network(address) : isIp6Network(address));
        if (!valid) {
          const zeros = family === 4 && /(^|\.)0\d/.test(address) ? ' (a number with a leading zero)' : '';
          return fail(`"${rest.startsWith(':') ? rest.slice(1) : rest}" is not an IPv${family} address${zeros}`);
        }
        if (spec[2] !== undefined) {
          const n = prefixLength(spec[2], family === 4 ? 32 : 128);
          if (typeof n === 'string') return fail(n);
          if (family === 4) cidr4 = n;
          else cidr6 = n;
        }
        value = rest.slice(1);
        break;
      }
    }
    terms.push({ raw, index: i, kind: 'mechanism', qualifier, name, value, cidr4, cidr6 });
  }
  return { ok: true, terms };
}

function nearMechanism(name: string): string | undefined {
  return SPF_MECHANISMS.find((known) => known.length > 2 && findSingleEdit(known, name) !== null);
}
