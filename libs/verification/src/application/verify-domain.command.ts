import { Command } from '@nestjs/cqrs';
import type { DnsRecordView } from '#dns-records';
import type { DomainView } from '#domains';

/**
 * Looks up every record of a domain in DNS now, stores what was found per record, and moves the
 * domain through its state machine. Access checks are the caller's: the domain must be visible.
 */
export class VerifyDomainCommand extends Command<{ domain: DomainView; records: DnsRecordView[] }> {
  constructor(readonly domainId: number) {
    super();
  }
}
