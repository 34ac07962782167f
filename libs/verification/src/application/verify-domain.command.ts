import { Command } from '@nestjs/cqrs';
import type { DnsRecordView } from '#dns-records';
import type { DomainView } from '#domains';
import type { AccountScope } from '#shared-kernel';

/**
 * Looks up every record of a domain within `scope` in DNS now, stores what was found per record,
 * and moves the domain through its state machine. DOMAIN_NOT_FOUND for a domain outside `scope`
 * (the scheduler verifies with every account in scope).
 */
export class VerifyDomainCommand extends Command<{ domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    readonly domainId: number,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/**
 * Verifies a batch of claimed domains (the scheduler): checks them `concurrency` at a time and
 * stores every verdict together. Domains not started once `shouldStop()` is true come back as
 * `unstarted`. Missing, deleted and suspended domains are skipped.
 */
export class VerifyDomainsCommand extends Command<{ verified: number[]; unstarted: number[] }> {
  constructor(
    readonly domainIds: readonly number[],
    readonly concurrency: number,
    readonly shouldStop: () => boolean = () => false,
  ) {
    super();
  }
}
