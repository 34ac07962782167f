import { Command } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DomainView } from '../domain.view.js';

export class RegisterDomainCommand extends Command<DomainView> {
  constructor(
    readonly input: { accountId: unknown; domain: unknown; emailAddress: unknown },
    readonly scope: AccountScope,
  ) {
    super();
  }
}
