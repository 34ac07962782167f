import type { DomainStatus } from './domain-status.js';

/** The timing rules of verification (DESIGN.md §3 and §6), configurable per deployment. */
export interface VerificationPolicy {
  /** pending longer than this without success → failed */
  windowMs: number;
  /** consecutive conclusive failures before an active domain becomes failed */
  failureThreshold: number;
  /** first automatic re-check of a pending domain; doubles per attempt up to `retryMaxMs` */
  retryBaseMs: number;
  retryMaxMs: number;
  /** re-check interval of active domains */
  recheckMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_VERIFICATION_POLICY: VerificationPolicy = {
  windowMs: 72 * HOUR,
  failureThreshold: 3,
  retryBaseMs: 60_000,
  retryMaxMs: HOUR,
  recheckMs: 24 * HOUR,
};

/**
 * When to check a domain next: pending at the base interval doubling per attempt up to one hour;
 * active every `recheckMs`; failed daily for 7 days after it failed, weekly after that; suspended
 * and deleted domains are not checked (null).
 */
export function nextCheckAt(
  status: DomainStatus,
  attemptsInStatus: number,
  statusSince: Date,
  now: Date,
  policy: VerificationPolicy,
): Date | null {
  switch (status) {
    case 'pending': {
      const delay = Math.min(policy.retryBaseMs * 2 ** Math.max(0, attemptsInStatus - 1), policy.retryMaxMs);
      return new Date(now.getTime() + delay);
    }
    case 'active':
      return new Date(now.getTime() + policy.recheckMs);
    case 'failed':
      return new Date(now.getTime() + (now.getTime() - statusSince.getTime() < 7 * DAY ? DAY : 7 * DAY));
    default:
      return null;
  }
}
