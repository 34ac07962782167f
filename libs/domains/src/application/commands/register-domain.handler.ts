import { CommandBus, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { GenerateDomainRecordsCommand } from '#dns-records';
import { Clock, DomainError, DomainName, parseAccountId, parseEmailAddress, UnitOfWork } from '#shared-kernel';
import { SendingDomain } from '../../domain/sending-domain.entity.js';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { RegisterDomainCommand } from './register-domain.command.js';

@CommandHandler(RegisterDomainCommand)
export class RegisterDomainHandler implements ICommandHandler<RegisterDomainCommand, DomainView> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly eventBus: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ input, scope }: RegisterDomainCommand): Promise<DomainView> {
    const name = DomainName.parse(input.domain);
    const accountId = parseAccountId(input.accountId);
    const emailAddress = parseEmailAddress(input.emailAddress);
    if (!scope.includes(accountId)) {
      throw new DomainError('PERMISSION_DENIED', 'Access denied - insufficient permissions');
    }
    // The domain and its records are stored in one transaction: never one without the other.
    return this.unitOfWork.run(async () => {
      const created = SendingDomain.register({
        id: await this.domains.nextId(),
        accountId,
        name: name.value,
        emailAddress,
        now: this.clock.now(),
      });
      await this.domains.insert(created);
      await this.commandBus.execute(new GenerateDomainRecordsCommand(created.id, accountId, name.value));
      const events = created.pullEvents();
      this.unitOfWork.afterCommit(() => this.eventBus.publishAll(events));
      return toDomainView(created);
    });
  }
}
