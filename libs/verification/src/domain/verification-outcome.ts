import type { RecordCheckStatus } from './matching/index.js';

export type DnsOutcome = 'valid' | 'invalid' | 'inconclusive';

/**
 * The domain-level conclusion of one run over its required records: all valid → `valid`; any
 * conclusively missing or wrong → `invalid`; otherwise (DNS errors hid something) `inconclusive`,
 * which must never change a domain's state.
 */
export function concludeVerification(requiredStatuses: readonly RecordCheckStatus[]): DnsOutcome {
  if (requiredStatuses.every((s) => s === 'valid')) return 'valid';
  if (requiredStatuses.some((s) => s === 'missing' || s === 'mismatch')) return 'invalid';
  return 'inconclusive';
}

/** The provider's word on signing at this check: `none` when it has not set the domain up (or lost it). */
export type ProviderVerdict = 'verified' | 'pending' | 'failed' | 'error' | 'none';

/**
 * DNS and the provider must agree for a domain to be valid: DNS valid but the provider not yet
 * verified (or not set up, or not reachable) is inconclusive; the provider's failure is a
 * conclusive failure; a DNS failure stays one whatever the provider says.
 */
export function combineWithProvider(dns: DnsOutcome, provider: ProviderVerdict): DnsOutcome {
  if (provider === 'verified') return dns;
  if (provider === 'failed' || dns === 'invalid') return 'invalid';
  return 'inconclusive';
}
