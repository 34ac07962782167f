import { Command } from '@nestjs/cqrs';
import type { RecordCheckInput } from '../../domain/dns-record.entity.js';
import type { DnsRecordView } from '../dns-record.view.js';

/**
 * Stores what a verification found for each record of these domains (one domain, or the
 * scheduler's batch): every record read in one statement and written in one. Runs inside the
 * caller's transaction (the domains module's, which has locked the domains' rows first). Answers
 * each domain's records.
 */
export class ApplyRecordChecksCommand extends Command<Map<number, DnsRecordView[]>> {
  constructor(
    readonly entries: readonly { domainId: number; checks: ReadonlyMap<number, RecordCheckInput> }[],
    readonly checkedAt: Date,
  ) {
    super();
  }
}
