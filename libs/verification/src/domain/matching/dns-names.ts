/** Pure helpers for comparing and displaying DNS names (case-insensitive per RFC 4343: ASCII only). */

/** Trims, lower-cases ASCII letters and drops one trailing dot: `Foo.Example.COM.` → `foo.example.com`. */
export function normalizeDnsName(name: string): string {
  const lower = name.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
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

/** Display form of a host in sentences: as given, without a trailing dot. */
export function displayName(name: string): string {
  const trimmed = name.trim();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}
