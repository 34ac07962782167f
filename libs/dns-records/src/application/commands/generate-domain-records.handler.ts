import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountScope, Clock } from '#shared-kernel';
import { DnsRecord } from '../../domain/dns-record.entity.js';
import { DnsRecordRepository } from '../../domain/dns-record.repository.port.js';
import { assertPublishable } from '../../domain/record-names.js';
import { recordProfile } from '../../domain/record-profile.js';
import { type DnsRecordView, toDnsRecordView } from '../dns-record.view.js';
import { GenerateDomainRecordsCommand } from './generate-domain-records.command.js';

@CommandHandler(GenerateDomainRecordsCommand)
export class GenerateDomainRecordsHandler implements ICommandHandler<GenerateDomainRecordsCommand, DnsRecordView[]> {
  constructor(
    private readonly records: DnsRecordRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ domainId, accountId, domain, options, provider, newDomain }: GenerateDomainRecordsCommand): Promise<DnsRecordView[]> {
    const specs = recordProfile(domain, provider, options);
    assertPublishable(domain, specs); // inside the caller's transaction: a refusal stores nothing
    const existing = newDomain ? [] : await this.records.findByDomains([domainId], AccountScope.allAccounts());
    const kept = new Set<DnsRecord>();
    const fresh: DnsRecord[] = [];
    const now = this.clock.now();
    const ordered = specs.map((spec, position) => {
      const same = existing.find((r) => !kept.has(r) && r.matches(spec));
      if (same) {
        kept.add(same);
        same.placeAt(position);
        return same;
      }
      const created = DnsRecord.create(domainId, accountId, position, spec, now);
      fresh.push(created);
      return created;
    });
    await this.records.remove(existing.filter((r) => !kept.has(r)).map((r) => r.id));
    await this.records.saveAll([...kept]); // new positions; the unique (domain, position) is checked at commit
    const inserted = await this.records.insertAll(fresh);
    return ordered.map((record) => toDnsRecordView(fresh.includes(record) ? inserted[fresh.indexOf(record)]! : record));
  }
}
