import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { ClaimDueDomainsCommand, ReleaseClaimsCommand, RenewClaimsCommand } from './claim-due-domains.command.js';

@CommandHandler(ClaimDueDomainsCommand)
export class ClaimDueDomainsHandler implements ICommandHandler<ClaimDueDomainsCommand, number[]> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ limit, leaseMs }: ClaimDueDomainsCommand): Promise<number[]> {
    const now = this.clock.now();
    return this.unitOfWork.run(() => this.domains.claimDue(now, limit, new Date(now.getTime() + leaseMs)));
  }
}

@CommandHandler(RenewClaimsCommand)
export class RenewClaimsHandler implements ICommandHandler<RenewClaimsCommand, void> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ ids, leaseMs }: RenewClaimsCommand): Promise<void> {
    return this.unitOfWork.run(() => this.domains.renewLeases(ids, new Date(this.clock.now().getTime() + leaseMs)));
  }
}

@CommandHandler(ReleaseClaimsCommand)
export class ReleaseClaimsHandler implements ICommandHandler<ReleaseClaimsCommand, void> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ ids }: ReleaseClaimsCommand): Promise<void> {
    return this.unitOfWork.run(() => this.domains.releaseLeases(ids));
  }
}
