import type { RecordCheckStatus } from './matching/index.js';

/**
 * The domain-level conclusion of one run over its required records: all valid → `valid`; any
 * conclusively missing or wrong → `invalid`; otherwise (DNS errors hid something) `inconclusive`,
 * which must never change a domain's state.
 */
export function concludeVerification(requiredStatuses: readonly RecordCheckStatus[]): 'valid' | 'invalid' | 'inconclusive' {
  if (requiredStatuses.every((s) => s === 'valid')) return 'valid';
  if (requiredStatuses.some((s) => s === 'missing' || s === 'mismatch')) return 'invalid';
  return 'inconclusive';
}
