import type { ServedKey } from '#shared-kernel';
import type { DnsLookupResult } from './dns-resolver.port.js';

export type { ServedKey };

/** Spaces around tag separators are not part of a DKIM key record (RFC 6376 §3.2). */
const canonical = (txt: string) => txt.replace(/\s*;\s*/g, ';').replace(/\s*=\s*/g, '=').replace(/;$/, '').trim();

/**
 * Judges one selector's TXT as DNS serves it: `published` when one record is our key record,
 * `stale` when there are records but none is (another key), `missing` when DNS says there is none,
 * `unknown` when DNS could not say.
 */
export function servedKey(expectedTxt: string, lookup: DnsLookupResult): ServedKey {
  if (lookup.kind === 'error' || lookup.kind === 'alias') return 'unknown';
  if (lookup.kind === 'missing') return 'missing';
  return lookup.values.some((v) => canonical(v) === canonical(expectedTxt)) ? 'published' : 'stale';
}

/**
 * The provider's part of a built-in domain's DKIM, with a publisher configured: the key of the
 * active selector must be served. A key not (yet) served, or another one, is the provider's
 * affair: it never counts against the customer (`pending`: waiting for the provider, which
 * flips no domain); a DNS error says nothing (`error`).
 */
export function keysVerdict(active: ServedKey | undefined): { kind: 'verified' } | { kind: 'pending'; message: string } | { kind: 'error'; message: string } {
  if (active === 'published') return { kind: 'verified' };
  if (active === 'unknown') return { kind: 'error', message: 'DNS could not say whether our DKIM key is served' };
  if (active === undefined) return { kind: 'pending', message: 'The account has no DKIM key yet; it is being made.' };
  return {
    kind: 'pending',
    message:
      active === 'missing'
        ? 'Your records are right; our DKIM key is not served at their target yet (the provider zone is being published).'
        : 'Your records are right; the provider zone serves another DKIM key than ours at their target (it is being published again).',
  };
}
