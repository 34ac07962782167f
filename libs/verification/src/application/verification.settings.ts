/** Settings of the verification module, provided by the composition root. */
export abstract class VerificationSettings {
  /** how often the scheduler looks for due domains */
  abstract readonly tickMs: number;
  /** domains verified at once per instance */
  abstract readonly concurrency: number;
  /** how long a claim holds a domain; the scheduler renews it at a third of that while the batch runs */
  abstract readonly leaseMs: number;
  /** whether this instance runs the scheduler at all */
  abstract readonly schedulerEnabled: boolean;
  /** PROVIDER_DNS_ZONE: the zone the built-in provider's records point into */
  abstract readonly providerZone: string;
  /** the addresses the platform sends from (PROVIDER_SENDING_IPS), as CIDR ranges; empty when unset */
  abstract readonly sendingIps: readonly string[];
}
