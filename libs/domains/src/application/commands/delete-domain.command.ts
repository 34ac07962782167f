import { Command } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';

/** Soft-deletes a domain (deletedOn set); its name can then be registered again. */
export class DeleteDomainCommand extends Command<void> {
  constructor(
    readonly domainId: number,
    readonly scope: AccountScope,
  ) {
    super();
  }
}
