import { Command } from '@nestjs/cqrs';

/**
 * Before a domain is verified: a domain its provider has not set up yet (it could not be reached
 * at registration, or lost the identity) is provisioned now, outside any transaction, and its
 * records are generated again with the provider's. Answers whether the domain is provisioned.
 */
export class SyncProviderCommand extends Command<boolean> {
  constructor(readonly domainId: number) {
    super();
  }
}
