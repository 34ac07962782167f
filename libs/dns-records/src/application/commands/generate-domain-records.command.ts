import { Command } from '@nestjs/cqrs';

/** Creates the records a newly registered domain must publish. Runs inside the caller's transaction. */
export class GenerateDomainRecordsCommand extends Command<void> {
  constructor(
    readonly domainId: number,
    readonly accountId: string,
    readonly domain: string,
  ) {
    super();
  }
}
