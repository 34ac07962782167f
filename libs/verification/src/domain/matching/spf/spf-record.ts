import ipaddr from 'ipaddr.js';
import { findSingleEdit } from '../single-edit.js';

/**
 * SPF records (RFC 7208 §4.6, §12): parsing with positions, so a syntax error is told where it
 * is, and merging our include into a customer's record. Pure functions.
 */

export type SpfQualifier = '+' | '-' | '~' | '?';
export const MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanism = (typeof MECHANISMS)[number];

export interface SpfTerm {
  /** the term as written */
  raw: string;
  /** 1-based position of the term in the record (after `v=spf1`) */
  index: number;
  kind: 'mechanism' | 'modifier';
  qualifier: SpfQualifier;
  /** mechanism or modifier name, lower case */
  name: string;
  /** the domain-spec, address or modifier value ('' when there is none) */
  value: string;
}

export type SpfParse = { ok: true; terms: SpfTerm[] } | { ok: false; term: string; index: number; reason: string };

/** A record is SPF when it starts with `v=spf1` followed by a space or its end (§4.5). */
export function isSpfRecord(value: string): boolean {
  return /^v=spf1( |$)/i.test(value);
}

/** True when a domain-spec holds macros (`%{i}`…), which depend on the message and are not expanded here. */
export function hasMacro(spec: string): boolean {
  return spec.includes('%');
}

const MACRO_STRING = /^(?:%\{[slodipvhcrtSLODIPVHCRT]\d*r?[.\-+,/_=]*\}|%%|%_|%-|[\x21-\x24\x26-\x7e])*$/;
const DOMAIN_END = /\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;

function domainSpecProblem(spec: string): string | null {
  if (spec === '') return 'it needs a domain after ":"';
  if (!MACRO_STRING.test(spec)) return `"${spec}" has characters no domain has`;
  if (!hasMacro(spec) && !DOMAIN_END.test(spec)) return `"${spec}" is not a domain name`;
  return null;
}

function cidrProblem(cidr: string, v4max: number, v6max: number): string | null {
  const m = /^(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(cidr);
  if (!m) return `"${cidr}" is not a prefix length like /24`;
  if (m[1] !== undefined && Number(m[1]) > v4max) return `/${m[1]} is longer than /${v4max}`;
  if (m[2] !== undefined && Number(m[2]) > v6max) return `//${m[2]} is longer than //${v6max}`;
  return null;
}

/** Parses a record that starts with `v=spf1`; tells the first term that breaks the grammar, and why. */
export function parseSpf(record: string): SpfParse {
  const words = record.trim().split(/ +/);
  const terms: SpfTerm[] = [];
  let redirects = 0;
  for (let i = 1; i < words.length; i++) {
    const raw = words[i]!;
    const fail = (reason: string): SpfParse => ({ ok: false, term: raw, index: i, reason });
    if (/[^\x21-\x7e]/.test(raw)) return fail('it holds a character SPF does not allow (a tab, a non-ASCII letter or a control character)');
    const modifier = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/.exec(raw);
    if (modifier) {
      const name = modifier[1]!.toLowerCase();
      const value = modifier[2]!;
      if (name === 'redirect' || name === 'exp') {
        const problem = domainSpecProblem(value);
        if (problem) return fail(problem.replace('after ":"', 'after "="'));
        if (name === 'redirect' && ++redirects > 1) return fail('a record may have only one redirect=');
      } else if (!MACRO_STRING.test(value)) return fail(`"${value}" is not a valid modifier value`);
      terms.push({ raw, index: i, kind: 'modifier', qualifier: '+', name, value });
      continue;
    }
    const qualifier = /^[+\-~?]/.test(raw) ? (raw[0] as SpfQualifier) : '+';
    const body = qualifier === '+' && raw[0] !== '+' ? raw : raw.slice(1);
    const m = /^([A-Za-z0-9]+)(.*)$/.exec(body);
    const name = m?.[1]?.toLowerCase() ?? '';
    const rest = m?.[2] ?? body;
    if (!(MECHANISMS as readonly string[]).includes(name)) {
      const near = MECHANISMS.find((known) => known.length > 2 && findSingleEdit(known, name) !== null);
      return fail(`"${name || body}" is not an SPF mechanism${near ? ` (did you mean "${near}"?)` : ''}`);
    }
    let value = '';
    switch (name as SpfMechanism) {
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
      case 'a':
      case 'mx':
      case 'ptr': {
        const spec = /^(?::([^/]*))?(\/.*)?$/.exec(rest);
        if (!spec) return fail(`"${raw}" is not a valid ${name} mechanism`);
        value = spec[1] ?? '';
        if (spec[1] !== undefined) {
          const problem = domainSpecProblem(value);
          if (problem) return fail(problem);
        }
        if (spec[2] !== undefined) {
          if (name === 'ptr') return fail('"ptr" takes no prefix length');
          const problem = cidrProblem(spec[2], 32, 128);
          if (problem) return fail(problem);
        }
        break;
      }
      case 'ip4':
      case 'ip6': {
        const spec = /^:([^/]+)(\/\d+)?$/.exec(rest);
        const family = name === 'ip4' ? 4 : 6;
        const valid = spec !== null && (family === 4 ? ipaddr.IPv4.isValidFourPartDecimal(spec[1]!) : ipaddr.IPv6.isValid(spec[1]!));
        if (!valid) return fail(`"${rest.slice(1) || rest}" is not an IPv${family} address`);
        if (spec![2] !== undefined && Number(spec![2].slice(1)) > (family === 4 ? 32 : 128)) return fail(`${spec![2]} is longer than /${family === 4 ? 32 : 128}`);
        value = rest.slice(1);
        break;
      }
    }
    terms.push({ raw, index: i, kind: 'mechanism', qualifier, name, value });
  }
  return { ok: true, terms };
}

/**
 * The customer's record with `include:<ours>` merged in, so they replace one record instead of
 * adding a second (which would break SPF): before the first `all`, else before `redirect=`, else
 * at the end. An include of ours after `all` moves before it.
 */
export function mergeInclude(record: string, include: string): string {
  const words = record.trim().split(/ +/);
  const ours = `include:${include}`;
  const isOurs = (w: string) => /^\+?include:/i.test(w) && w.replace(/^\+?include:/i, '').replace(/\.$/, '').toLowerCase() === include.toLowerCase();
  const rest = words.slice(1).filter((w) => !isOurs(w));
  let at = rest.findIndex((w) => /^[+\-~?]?all$/i.test(w));
  if (at === -1) at = rest.findIndex((w) => /^redirect=/i.test(w));
  if (at === -1) at = rest.length;
  rest.splice(at, 0, ours);
  return [words[0], ...rest].join(' ');
}
