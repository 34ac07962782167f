import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainProviders } from '../domain-providers.js';
import { ReleasePendingIdentitiesCommand } from './release-provider-identity.command.js';

@CommandHandler(ReleasePendingIdentitiesCommand)
export class ReleasePendingIdentitiesHandler implements ICommandHandler<ReleasePendingIdentitiesCommand, number> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly providers: DomainProviders,
    private readonly clock: Clock,
  ) {}

  async execute({ limit, leaseMs }: ReleasePendingIdentitiesCommand): Promise<number> {
    const now = this.clock.now();
    const ids = await this.unitOfWork.run(() => this.domains.claimReleases(now, limit, new Date(now.getTime() + leaseMs)));
    let released = 0;
    for (const id of ids) if (await this.providers.releaseDeleted(id)) released++;
    return released;
  }
}
