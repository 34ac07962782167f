import { Command } from '@nestjs/cqrs';

/**
 * Removes a deleted domain's identity at its mail provider, unless another live registration
 * still uses it, and marks it released. A provider that cannot be reached leaves it to the
 * scheduler's next round. Never throws for the provider: answers whether it is released.
 */
export class ReleaseProviderIdentityCommand extends Command<boolean> {
  constructor(readonly domainId: number) {
    super();
  }
}

/** Claims deleted domains whose identity is still to remove and releases them (the scheduler's safety net). Answers how many were released. */
export class ReleasePendingIdentitiesCommand extends Command<number> {
  constructor(
    readonly limit: number,
    readonly leaseMs: number,
  ) {
    super();
  }
}
