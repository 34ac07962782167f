import { Command } from '@nestjs/cqrs';

/** Removes a deleted domain's records from every read. Runs inside the caller's transaction. */
export class RemoveDomainRecordsCommand extends Command<void> {
  constructor(readonly domainId: number) {
    super();
  }
}
