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
