import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetDomainRecordsQuery, RemoveDomainRecordsCommand } from '#dns-records';
import { AccountScope, Clock, DomainError, isAccountId, UnitOfWork } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainMessages } from '../domain-messages.js';
import { DomainProviders } from '../domain-providers.js';
import { DeleteDomainCommand } from './delete-domain.command.js';

@CommandHandler(DeleteDomainCommand)
export class DeleteDomainHandler implements ICommandHandler<DeleteDomainCommand, { deletedAt: Date }> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly messages: DomainMessages,
    private readonly providers: DomainProviders,
    private readonly clock: Clock,
  ) {}

  async execute({ domainId, scope, accountId }: DeleteDomainCommand): Promise<{ deletedAt: Date }> {
    const notFound = new DomainError('DOMAIN_NOT_FOUND', 'Domain not found');
    if (accountId !== undefined && !isAccountId(accountId)) throw notFound;
    const deleted = await this.unitOfWork.run(async () => {
      // Locked, so a concurrent delete of the same domain waits and then finds nothing.
      const found = await this.domains.findById(domainId, scope, { lock: true });
      if (!found || (accountId !== undefined && found.accountId !== (accountId as string).toLowerCase())) throw notFound;
      const deletedAt = this.clock.now();
      found.delete(deletedAt);
      found.markDefault(false, deletedAt);
      await this.domains.update(found);
      // the records it had go with the event (a receiver may take them out of DNS), read before they are removed
      const records = await this.queryBus.execute(new GetDomainRecordsQuery([found.id], AccountScope.allAccounts()));
      await this.commandBus.execute(new RemoveDomainRecordsCommand(found.id));
      await this.messages.write([found], new Map([[found.id, records]]));
      return { deletedAt, id: found.id };
    });
    // after the delete has committed: the identity at the provider (the scheduler retries it if this fails)
    await this.providers.releaseDeleted(deleted.id);
    return { deletedAt: deleted.deletedAt };
  }
}
