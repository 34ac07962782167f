import { Command } from '@nestjs/cqrs';
import type { Principal } from '../principal.js';

/**
 * Revokes a key the caller may manage (its accounts within the caller's scope); any other key
 * is API_KEY_NOT_FOUND, as a missing one. The last live key that manages keys on every account
 * is never revoked (LAST_MANAGER_KEY), so the operator cannot be locked out.
 */
export class RevokeApiKeyCommand extends Command<void> {
  constructor(
    readonly keyId: string,
    readonly caller: Principal,
  ) {
    super();
  }
}
