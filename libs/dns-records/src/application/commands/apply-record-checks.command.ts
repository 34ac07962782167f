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
