import { Command } from '@nestjs/cqrs';
import type { ApiKeyView } from '../api-key.view.js';
import type { Principal } from '../principal.js';

/** Creates a key; the result holds the secret, the only time it is ever shown. */
export class CreateApiKeyCommand extends Command<ApiKeyView & { key: string }> {
  constructor(
    readonly input: { name?: string | null; accountIds: string[]; permissions: string[] },
    readonly creator: Principal,
  ) {
    super();
  }
}
