import { Command } from '@nestjs/cqrs';

/**
 * At start-up: upserts ADMIN_API_KEY as an all-powerful key; without it, when no live key can
 * manage keys on every account (a first start, or every such key revoked), generates one.
 * `generated` is that new secret, for the caller to print once.
 */
export class EnsureAdminKeyCommand extends Command<{ generated: string | null }> {
  constructor(readonly adminKey: string | undefined) {
    super();
  }
}
