import { Command } from '@nestjs/cqrs';
import type { DnsRecordView, RecordCheckInput } from '#dns-records';
import type { StoredProviderStatus } from '#mail-providers';
import type { VerificationOutcome } from '../../domain/sending-domain.entity.js';
import type { DomainView } from '../domain.view.js';

/** What one check of one domain found: per record, the provider's view, and the outcome. */
export interface VerificationResult {
  domainId: number;
  outcome: VerificationOutcome;
  /** what each record was found to be, by record id */
  records: ReadonlyMap<number, RecordCheckInput>;
  /** the provider's view at this check (stored); `lost` when the provider no longer has the identity */
  provider: { status: StoredProviderStatus | null; lost: boolean };
}

/**
 * Stores the results of checks (one domain from the API, or the scheduler's batch) in one
 * transaction that this module owns: the live domains' rows are locked first, in id order, then
 * each moves through its state machine, its records are written (by the dns-records module,
 * inside the same transaction) and its status changes go to the outbox. The claims on them end.
 * Deleted domains are skipped. Answers each domain with its records, in id order.
 */
export class ApplyVerificationResultsCommand extends Command<{ domain: DomainView; records: DnsRecordView[] }[]> {
  constructor(
    readonly results: readonly VerificationResult[],
    readonly checkedAt: Date,
  ) {
    super();
  }
}
