import type { DnsDelegation, DnsLookupResult, DnsQueryType, DnsResolverPort } from '../dns-resolver.port.js';
import { normalizeDnsName } from './dns-names.js';

/** Aliases followed before a chain is called too long (RFC 1034 suggests chains be short; resolvers stop near 16). */
export const MAX_ALIAS_HOPS = 8;

/**
 * A question answered to the end of its alias chain. `chain` lists the names the answer went
 * through, in order (for a CNAME question: every CNAME target, the first at the asked name).
 * - `answers`: records of the asked type at the end of the chain (for CNAME: the last target).
 * - `missing`: the first name has no record of the type (NXDOMAIN/NODATA); for non-CNAME types
 *   also the end of a chain without one.
 * - `loop`: the chain comes back to a name it went through; `too-long`: over MAX_ALIAS_HOPS.
 * - `error`: one of the questions failed (`chain`: the names reached before it); nothing is known.
 */
export type FollowedLookup =
  | { kind: 'answers'; values: string[]; chain: string[]; chunks?: string[][] }
  | { kind: 'missing'; reason: 'NXDOMAIN' | 'NODATA'; chain: string[] }
  | { kind: 'loop'; chain: string[] }
  | { kind: 'too-long'; chain: string[] }
  | { kind: 'error'; code: string; message: string; chain: string[]; delegation?: DnsDelegation };

/** A resolver that throws instead of returning `error` is still an error, never a missing record. */
export async function safeLookup(dns: DnsResolverPort, name: string, type: DnsQueryType): Promise<DnsLookupResult> {
  try {
    return await dns.lookup(name, type);
  } catch (cause: unknown) {
    const code =
      typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : 'LOOKUP_FAILED';
    return { kind: 'error', code, message: cause instanceof Error ? cause.message : String(cause) };
  }
}

/**
 * Asks (name, type) and follows aliases to the end: the aliases inside each answer (a recursive
 * resolver's whole chain), and further questions where an authoritative server stops at an alias.
 * For CNAME questions the chain is walked one CNAME at a time until a name without one, or until
 * `stop(target)` says the target is far enough (our own target, or a customer's obvious typo).
 */
export async function follow(
  dns: DnsResolverPort,
  name: string,
  type: DnsQueryType,
  stop: (target: string) => boolean = () => false,
): Promise<FollowedLookup> {
  const chain: string[] = [];
  const seen = new Set([normalizeDnsName(name)]);
  const arrive = (next: string): 'loop' | 'too-long' | undefined => {
    chain.push(next);
    if (seen.has(normalizeDnsName(next))) return 'loop';
    seen.add(normalizeDnsName(next));
    return chain.length > MAX_ALIAS_HOPS ? 'too-long' : undefined;
  };
  let current = name;
  for (;;) {
    const result = await safeLookup(dns, current, type);
    if (result.kind === 'error') return { ...result, chain };
    if (type === 'CNAME') {
      if (result.kind !== 'answers' || result.values.length === 0) {
        if (chain.length === 0) return { kind: 'missing', reason: result.kind === 'missing' ? result.reason : 'NODATA', chain };
        return { kind: 'answers', values: [chain[chain.length - 1]!], chain };
      }
      for (const hop of result.chain) {
        const ended = arrive(hop);
        if (ended) return { kind: ended, chain };
      }
      const next = result.values[0]!;
      const ended = arrive(next);
      if (ended) return { kind: ended, chain };
      if (stop(next)) return { kind: 'answers', values: result.values, chain };
      current = next;
      continue;
    }
    for (const hop of result.chain) {
      const ended = arrive(hop);
      if (ended) return { kind: ended, chain };
    }
    if (result.kind === 'alias') {
      if (result.chain.length === 0) return { kind: 'error', code: 'EMPTY_ALIAS', message: 'An alias answer without its alias', chain };
      current = result.chain[result.chain.length - 1]!;
      continue;
    }
    return { ...result, chain };
  }
}
