import { Command } from '@nestjs/cqrs';

/**
 * Claims deleted domains whose identity at the provider is still to remove and removes them (the
 * scheduler's safety net for removals that failed at the time). Answers how many were released.
 */
export class ReleasePendingIdentitiesCommand extends Command<number> {
  constructor(
    readonly limit: number,
    readonly leaseMs: number,
  ) {
    super();
  }
}
