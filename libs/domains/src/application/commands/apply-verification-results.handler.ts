import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApplyRecordChecksCommand, type DnsRecordView } from '#dns-records';
import { UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainMessages } from '../domain-messages.js';
import { DomainsSettings } from '../domains.settings.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { ApplyVerificationResultsCommand } from './apply-verification-results.command.js';

@CommandHandler(ApplyVerificationResultsCommand)
export class ApplyVerificationResultsHandler implements ICommandHandler<ApplyVerificationResultsCommand, { domain: DomainView; records: DnsRecordView[] }[]> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly messages: DomainMessages,
    private readonly settings: DomainsSettings,
  ) {}

  execute({ results, checkedAt }: ApplyVerificationResultsCommand): Promise<{ domain: DomainView; records: DnsRecordView[] }[]> {
    const byId = new Map(results.map((r) => [r.domainId, r]));
    return this.unitOfWork.run(async () => {
      // the domain rows first, in id order: the lock order of every write to a domain
      const domains = await this.domains.findManyByIds([...byId.keys()], { lock: true });
      for (const domain of domains) {
        const result = byId.get(domain.id)!;
        domain.applyVerification(result.outcome, checkedAt, this.settings.verificationPolicy);
        domain.recordProviderStatus(result.provider.status);
        if (result.provider.lost) domain.providerLost();
      }
      await this.domains.updateVerifications(domains);
      const records = await this.commandBus.execute(new ApplyRecordChecksCommand(domains.map((d) => ({ domainId: d.id, checks: byId.get(d.id)!.records })), checkedAt));
      await this.messages.write(domains, records);
      return domains.map((d) => ({ domain: toDomainView(d), records: records.get(d.id) ?? [] }));
    });
  }
}
