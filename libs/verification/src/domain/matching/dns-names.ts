import { getDomain } from 'tldts';

/**
 * Pure helpers for comparing and displaying DNS names. Comparison is exact except for ASCII case
 * (RFC 4343) and one trailing dot: a name as DNS served it is never trimmed or unquoted, so a
 * target with a stray space is a different name, as it is for every receiver.
 */

const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Lower-cases ASCII letters and drops one trailing dot: `Foo.Example.COM.` → `foo.example.com`. Nothing else. */
export function normalizeDnsName(name: string): string {
  const lower = lowerAscii(name);
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export function dnsNamesEqual(a: string, b: string): boolean {
  return normalizeDnsName(a) === normalizeDnsName(b);
}

/** Labels of a name, left to right, normalized: `a.B.c.` → `['a', 'b', 'c']`. */
export function dnsLabels(name: string): string[] {
  const normalized = normalizeDnsName(name);
  return normalized === '' ? [] : normalized.split('.');
}

/** True when `name` is `zone` itself or a name below it. */
export function isAtOrBelow(name: string, zone: string): boolean {
  const n = normalizeDnsName(name);
  const z = normalizeDnsName(zone);
  return n === z || n.endsWith(`.${z}`);
}

/**
 * The name as the customer enters it at a DNS host that appends the zone:
 * `cm2…._domainkey.example.com` in `example.com` → `cm2…._domainkey`; the zone apex → `@`.
 * A name outside the zone is returned normalized.
 */
export function relativeName(name: string, zone: string): string {
  const n = normalizeDnsName(name);
  const z = normalizeDnsName(zone);
  if (n === z) return '@';
  return n.endsWith(`.${z}`) ? n.slice(0, -(z.length + 1)) : n;
}

/**
 * A name in a sentence, without its trailing dot. A name with whitespace, quotes or other
 * characters no host name has is shown in double quotes with those characters escaped, so a
 * stray space is visible.
 */
export function displayName(name: string): string {
  const shown = name.endsWith('.') ? name.slice(0, -1) : name;
  return /^[A-Za-z0-9_.*-]*$/.test(shown) ? shown : JSON.stringify(shown);
}

/** The names strictly between `zone` and `name`, nearest the zone first: (`a.b.c.example.com`, `example.com`) → `c.example.com`, `b.c.example.com`. */
export function namesBetween(name: string, zone: string): string[] {
  const z = normalizeDnsName(zone);
  const labels = dnsLabels(relativeName(name, zone));
  if (!isAtOrBelow(name, zone) || labels.length < 2) return [];
  const between: string[] = [];
  for (let i = labels.length - 1; i >= 1; i--) between.push(`${labels.slice(i).join('.')}.${z}`);
  return between;
}

/** `domain`'s ancestors down to its registrable domain (Public Suffix List), nearest first; none for a registrable domain. */
export function parentZones(domain: string): string[] {
  const d = normalizeDnsName(domain);
  const registrable = getDomain(d, { allowPrivateDomains: true });
  if (!registrable || registrable === d) return [];
  return [...namesBetween(d, registrable).reverse(), registrable];
}

/** The name with the first label removed: `a.b.c` → `b.c`. */
export function parentName(name: string): string {
  const n = normalizeDnsName(name);
  const dot = n.indexOf('.');
  return dot === -1 ? '' : n.slice(dot + 1);
}
