import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DnsZonePublisher } from '../domain/dns-zone-publisher.port.js';
import { normaliseZoneChange } from '../domain/rrset.js';
import { ApplyZoneChangesCommand } from './apply-zone-changes.command.js';

@CommandHandler(ApplyZoneChangesCommand)
export class ApplyZoneChangesHandler implements ICommandHandler<ApplyZoneChangesCommand, void> {
  private readonly logger = new Logger('DnsPublishing');
  /** the last apply of each zone: applies of one zone run one after the other, in the order they came */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly publisher: DnsZonePublisher) {}

  async execute({ zone, rrsets }: ApplyZoneChangesCommand): Promise<void> {
    const changes = normaliseZoneChange(zone, rrsets);
    if (changes.length === 0) return;
    const previous = this.queues.get(zone) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.publisher.apply(zone, changes));
    this.queues.set(zone, run);
    try {
      const report = await run;
      const unit = this.publisher.kind === 'route53' ? 'ChangeResourceRecordSets calls' : 'UPDATE messages';
      const pending = report.pending ? `; ${report.pending} still propagating at Route 53` : '';
      this.logger.debug(`zone ${zone}: ${changes.length} RRsets in ${report.requests} ${unit} to ${this.publisher.target}${pending}`);
    } finally {
      if (this.queues.get(zone) === run) this.queues.delete(zone);
    }
  }
}
