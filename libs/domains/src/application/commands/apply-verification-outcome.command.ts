import { Command } from '@nestjs/cqrs';
import type { VerificationOutcome } from '../../domain/sending-domain.entity.js';
import type { DomainView } from '../domain.view.js';

/**
 * Applies one verification run's outcome to the domain's state machine and schedules its next
 * check. The row is locked for the update, so concurrent verifications never lose one another's
 * changes. Publishes DomainVerified / DomainVerificationFailed / DomainStatusChanged after commit.
 */
export class ApplyVerificationOutcomeCommand extends Command<DomainView> {
  constructor(
    readonly domainId: number,
    readonly outcome: VerificationOutcome,
    readonly checkedAt: Date,
    /** the provider's view at this check (opaque here): stored; `lost` when the provider no longer has the identity */
    readonly provider: { status: Record<string, unknown> | null; lost: boolean } = { status: null, lost: false },
  ) {
    super();
  }
}

/** One domain's verification result, as ApplyVerificationOutcomesCommand takes it. */
export interface VerificationOutcomeEntry {
  domainId: number;
  outcome: VerificationOutcome;
  provider: { status: Record<string, unknown> | null; lost: boolean };
}

/**
 * The same for a batch of domains (the scheduler's sweep): the live ones are locked in id order,
 * changed and written back in one statement; deleted ones are skipped. Returns the domains after
 * the change. Events leave after commit.
 */
export class ApplyVerificationOutcomesCommand extends Command<DomainView[]> {
  constructor(
    readonly entries: readonly VerificationOutcomeEntry[],
    readonly checkedAt: Date,
  ) {
    super();
  }
}
