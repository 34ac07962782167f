import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GenerateDomainRecordsCommand } from '#dns-records';
import { AccountScope, Clock, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainMessages } from '../domain-messages.js';
import { DomainProviders, identityRequest } from '../domain-providers.js';
import { SyncProviderCommand } from './sync-provider.command.js';

@CommandHandler(SyncProviderCommand)
export class SyncProviderHandler implements ICommandHandler<SyncProviderCommand, boolean> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly providers: DomainProviders,
    private readonly messages: DomainMessages,
    private readonly clock: Clock,
  ) {}

  async execute({ domainId }: SyncProviderCommand): Promise<boolean> {
    const domain = await this.domains.findById(domainId, AccountScope.allAccounts());
    if (!domain) return false;
    const s = domain.snapshot();
    if (s.providerState !== 'pending') return s.providerState === 'provisioned';
    const request = identityRequest(s);
    const { identity, status } = await this.providers.provision(s.provider, request); // outside any transaction
    const profile = identity ? await this.providers.profile(s.provider, identity, request) : null;
    await this.unitOfWork.run(async () => {
      const locked = await this.domains.findById(domainId, AccountScope.allAccounts(), { lock: true });
      if (!locked || locked.snapshot().providerState !== 'pending') return;
      if (identity && profile) {
        locked.provisioned(identity, this.clock.now());
        locked.recordProviderStatus(null);
        await this.domains.update(locked);
        const records = await this.commandBus.execute(new GenerateDomainRecordsCommand(locked.id, s.accountId, s.name, locked.options, profile));
        await this.messages.write([locked], new Map([[locked.id, records]]));
      } else {
        locked.recordProviderStatus(status);
        await this.domains.update(locked);
      }
    });
    return identity !== null;
  }
}
