import { Command } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';

/**
 * Soft-deletes a domain within `scope` (and of `accountId`, when the route names one); its
 * records go with it and the name can be registered again. Answers when it was deleted.
 */
export class DeleteDomainCommand extends Command<{ deletedAt: Date }> {
  constructor(
    readonly domainId: number,
    readonly scope: AccountScope,
    readonly accountId?: unknown,
  ) {
    super();
  }
}
