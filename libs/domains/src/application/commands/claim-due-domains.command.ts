import { Command } from '@nestjs/cqrs';

/**
 * Claims up to `limit` domains whose next check is due, for `leaseMs`: other instances skip them
 * (FOR UPDATE SKIP LOCKED, then the lease) until they are checked or the lease runs out, so a
 * crashed instance strands nothing. Returns their ids, most overdue first.
 */
export class ClaimDueDomainsCommand extends Command<number[]> {
  constructor(
    readonly limit: number,
    readonly leaseMs: number,
  ) {
    super();
  }
}

/** Extends, for `leaseMs` from now, the claims on these domains that are still held. */
export class RenewClaimsCommand extends Command<void> {
  constructor(
    readonly ids: readonly number[],
    readonly leaseMs: number,
  ) {
    super();
  }
}

/** Gives claimed domains whose check was never started back at once (an instance shutting down). */
export class ReleaseClaimsCommand extends Command<void> {
  constructor(readonly ids: readonly number[]) {
    super();
  }
}
