import { Command } from '@nestjs/cqrs';

/**
 * A built-in domain of the account is being set up (registration, or a provider sync): the
 * account gets its two keys if it has none (once, however many registrations race), and the
 * domain counts among the keys' users. Runs outside any transaction of the caller (its own).
 */
export class EnsureAccountKeysCommand extends Command<void> {
  constructor(
    readonly accountId: string,
    readonly domainId: number,
  ) {
    super();
  }
}

/** A built-in domain of the account is gone: once no domain uses the keys, they are withdrawn after DKIM_RETIRE_HOURS. */
export class ReleaseAccountKeysCommand extends Command<void> {
  constructor(
    readonly accountId: string,
    readonly domainId: number,
  ) {
    super();
  }
}

/** Publishes the account's part of the provider zone again (a check found it served wrong). */
export class RepublishAccountZoneCommand extends Command<void> {
  constructor(readonly accountId: string) {
    super();
  }
}
