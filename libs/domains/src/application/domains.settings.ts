import type { VerificationPolicy } from '../domain/verification-policy.js';

/** Settings of the domains module, provided by the composition root. */
export abstract class DomainsSettings {
  abstract readonly verificationPolicy: VerificationPolicy;
}
