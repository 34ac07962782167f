import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { AccountScope, DomainError, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainsSettings } from '../domains.settings.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { ApplyVerificationOutcomeCommand, ApplyVerificationOutcomesCommand } from './apply-verification-outcome.command.js';

@CommandHandler(ApplyVerificationOutcomeCommand)
export class ApplyVerificationOutcomeHandler implements ICommandHandler<ApplyVerificationOutcomeCommand, DomainView> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
    private readonly settings: DomainsSettings,
  ) {}

  execute({ domainId, outcome, checkedAt, provider }: ApplyVerificationOutcomeCommand): Promise<DomainView> {
    return this.unitOfWork.run(async () => {
      const domain = await this.domains.findById(domainId, AccountScope.allAccounts(), { lock: true });
      if (!domain) throw new DomainError('DOMAIN_NOT_FOUND', 'Domain not found');
      domain.applyVerification(outcome, checkedAt, this.settings.verificationPolicy);
      domain.recordProviderStatus(provider.status);
      if (provider.lost) domain.providerLost();
      await this.domains.update(domain);
      const events = domain.pullEvents();
      this.unitOfWork.afterCommit(() => this.eventBus.publishAll(events));
      return toDomainView(domain);
    });
  }
}

@CommandHandler(ApplyVerificationOutcomesCommand)
export class ApplyVerificationOutcomesHandler implements ICommandHandler<ApplyVerificationOutcomesCommand, DomainView[]> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
    private readonly settings: DomainsSettings,
  ) {}

  execute({ entries, checkedAt }: ApplyVerificationOutcomesCommand): Promise<DomainView[]> {
    return this.unitOfWork.run(async () => {
      const byId = new Map(entries.map((e) => [e.domainId, e]));
      const domains = await this.domains.findManyByIds([...byId.keys()], { lock: true });
      for (const domain of domains) {
        const entry = byId.get(domain.id)!;
        domain.applyVerification(entry.outcome, checkedAt, this.settings.verificationPolicy);
        domain.recordProviderStatus(entry.provider.status);
        if (entry.provider.lost) domain.providerLost();
      }
      await this.domains.updateVerifications(domains);
      const events = domains.flatMap((d) => d.pullEvents());
      this.unitOfWork.afterCommit(() => this.eventBus.publishAll(events));
      return domains.map(toDomainView);
    });
  }
}
