import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainProviders } from '../domain-providers.js';
import { ReleasePendingIdentitiesCommand, ReleaseProviderIdentityCommand } from './release-provider-identity.command.js';

@CommandHandler(ReleaseProviderIdentityCommand)
export class ReleaseProviderIdentityHandler implements ICommandHandler<ReleaseProviderIdentityCommand, boolean> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly providers: DomainProviders,
  ) {}

  async execute({ domainId }: ReleaseProviderIdentityCommand): Promise<boolean> {
    const domain = await this.domains.findAnyById(domainId);
    if (!domain || domain.snapshot().providerState !== 'deprovision_pending') return true;
    const s = domain.snapshot();
    if (!(await this.providers.release({ ...s, id: s.id }))) return false; // outside any transaction
    await this.unitOfWork.run(async () => {
      const locked = await this.domains.findAnyById(domainId, { lock: true });
      if (!locked || locked.snapshot().providerState !== 'deprovision_pending') return;
      locked.providerReleased();
      await this.domains.update(locked);
    });
    return true;
  }
}

@CommandHandler(ReleasePendingIdentitiesCommand)
export class ReleasePendingIdentitiesHandler implements ICommandHandler<ReleasePendingIdentitiesCommand, number> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ limit, leaseMs }: ReleasePendingIdentitiesCommand): Promise<number> {
    const now = this.clock.now();
    const ids = await this.unitOfWork.run(() => this.domains.claimReleases(now, limit, new Date(now.getTime() + leaseMs)));
    let released = 0;
    for (const id of ids) if (await this.commandBus.execute(new ReleaseProviderIdentityCommand(id))) released++;
    return released;
  }
}
