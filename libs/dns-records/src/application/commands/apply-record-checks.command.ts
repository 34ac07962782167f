import { Command } from '@nestjs/cqrs';
import type { RecordCheckInput } from '../../domain/dns-record.entity.js';
import type { DnsRecordView } from '../dns-record.view.js';

/** Stores what one verification run found for each record of a domain; returns the records. */
export class ApplyRecordChecksCommand extends Command<DnsRecordView[]> {
  constructor(
    readonly domainId: number,
    readonly checks: ReadonlyMap<number, RecordCheckInput>,
    readonly checkedAt: Date,
  ) {
    super();
  }
}

/**
 * The same for a batch of domains (the scheduler's sweep): every record read in one statement and
 * written in one. Returns each domain's records.
 */
export class ApplyRecordChecksBatchCommand extends Command<Map<number, DnsRecordView[]>> {
  constructor(
    readonly entries: readonly { domainId: number; checks: ReadonlyMap<number, RecordCheckInput> }[],
    readonly checkedAt: Date,
  ) {
    super();
  }
}
