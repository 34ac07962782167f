import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { DomainError } from './domain-error.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A sending domain's name, normalised: trimmed, lower-cased, trailing dot removed, Unicode
 * converted to punycode (UTS #46, WHATWG URL rules), at most 253 characters, at least two labels
 * of 1-63 letters/digits/hyphens (no hyphen at either end), not an IP address and not a bare
 * public suffix (`co.uk`, `github.io`) according to the Public Suffix List (via `tldts`).
 */
export class DomainName {
  private constructor(readonly value: string) {}

  static parse(input: unknown): DomainName {
    if (input === null || input === undefined || (typeof input === 'string' && input.trim() === '')) {
      throw new DomainError('DOMAIN_EMPTY', 'Domain cannot be empty or null');
    }
    if (typeof input !== 'string') throw invalid(String(input), 'it must be a string');
    let name = input.trim().toLowerCase();
    if (name.endsWith('.')) name = name.slice(0, -1);
    if (name.includes('://') || name.includes('/') || name.includes('@') || /\s/.test(name)) {
      throw invalid(input, 'give the bare domain name, without scheme, path, "@" or spaces');
    }
    if (/[^\x00-\x7f]/.test(name)) {
      const ascii = domainToASCII(name);
      if (!ascii) throw invalid(input, 'it is not a valid internationalised domain name');
      name = ascii;
    }
    if (name.length > 253) throw invalid(input, 'it is longer than 253 characters');
    const labels = name.split('.');
    if (labels.length < 2) throw invalid(input, 'it needs at least two labels, like "example.com"');
    for (const label of labels) {
      if (label.length === 0) throw invalid(input, 'it has an empty label');
      if (label.length > 63) throw invalid(input, `label "${label}" is longer than 63 characters`);
      if (!LABEL.test(label)) {
        throw invalid(input, `label "${label}" may only contain letters, digits and hyphens, not at its start or end`);
      }
    }
    if (/^[0-9]+$/.test(labels[labels.length - 1]!)) throw invalid(input, 'an IP address is not a domain name');
    for (const label of labels.filter((l) => l.startsWith('xn--'))) {
      if (domainToASCII(domainToUnicode(label)) !== label) throw invalid(input, `label "${label}" is not valid punycode`);
    }
    const parsed = parse(name, { allowPrivateDomains: true });
    if (!parsed.isIcann && !parsed.isPrivate) {
      throw invalid(input, `".${labels[labels.length - 1]}" is not a top-level domain on the Public Suffix List`);
    }
    if (parsed.domain === null || parsed.publicSuffix === name) {
      throw invalid(input, `"${name}" is a public suffix; register a domain below it`);
    }
    return new DomainName(name);
  }

  toString(): string {
    return this.value;
  }
}

function invalid(input: string, reason: string): DomainError {
  return new DomainError('DOMAIN_INVALID', `Invalid domain name "${input}": ${reason}`, { reason });
}
