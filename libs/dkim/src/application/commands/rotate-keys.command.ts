import { Command } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { AccountDkimView } from '../queries/account-dkim.queries.js';

/**
 * Rotates the account's keys now (the standby becomes active; the old one retires, or with
 * `revoke` is revoked at once). DKIM_KEYS_NOT_FOUND when the account has none or lies outside
 * `scope`; STANDBY_NOT_PUBLISHED when DNS does not serve the standby key yet (a revocation goes
 * ahead anyway). Answers the account's selectors after it.
 */
export class RotateAccountKeysCommand extends Command<AccountDkimView> {
  constructor(
    readonly accountId: string,
    readonly scope: AccountScope,
    readonly revoke: boolean,
  ) {
    super();
  }
}
