/** What a verification run concluded: every required record valid, one wrong, or DNS could not say. */
export type VerificationResult = 'valid' | 'invalid' | 'inconclusive' | 'failed';

/**
 * Counters and timings the modules report (the port; the composition root exports them as
 * Prometheus metrics). Every method is cheap and never throws.
 */
export abstract class Telemetry {
  /** one verification of one domain, by what it concluded (`failed`: it could not run) */
  abstract verification(result: VerificationResult): void;
  /** one DNS question, by its outcome (answers, alias, missing, error), with its duration */
  abstract dnsQuery(result: string, seconds: number): void;
  /** one call to a mail provider, by provider, operation and outcome (ok or the error type) */
  abstract providerCall(provider: string, operation: string, outcome: string, seconds: number): void;
  /** one delivery of an outbox entry to a handler: delivered, to be retried, or dead */
  abstract outboxDelivery(handler: string, outcome: 'delivered' | 'retry' | 'dead'): void;
  /** how many provider-zone names this instance last found served wrong (missing, or another key) */
  abstract providerZoneDrift(names: number): void;
  /** one webhook attempt, by what became of its delivery (delivered, to be retried, failed for good), with its duration */
  abstract webhookDelivery(outcome: 'delivered' | 'retry' | 'failed', seconds: number): void;
}

/** Reports nothing (unit tests, tools). */
export class NoTelemetry extends Telemetry {
  verification(): void {}
  dnsQuery(): void {}
  providerCall(): void {}
  outboxDelivery(): void {}
  providerZoneDrift(): void {}
  webhookDelivery(): void {}
}
