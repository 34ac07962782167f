/** Settings of the verification module, provided by the composition root. */
export abstract class VerificationSettings {
  /** how often the scheduler looks for due domains */
  abstract readonly tickMs: number;
  /** domains verified at once per instance */
  abstract readonly concurrency: number;
  /** whether this instance runs the scheduler at all */
  abstract readonly schedulerEnabled: boolean;
}
