import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, Outbox, UnitOfWork } from '#shared-kernel';
import { DkimKeys } from '../dkim-keys.js';
import { zoneChanged } from '../zone-messages.js';
import { EnsureAccountKeysCommand, ReleaseAccountKeysCommand, RepublishAccountZoneCommand } from './account-keys.commands.js';

@CommandHandler(EnsureAccountKeysCommand)
export class EnsureAccountKeysHandler implements ICommandHandler<EnsureAccountKeysCommand, void> {
  constructor(private readonly keys: DkimKeys) {}
  execute({ accountId, domainId }: EnsureAccountKeysCommand): Promise<void> {
    return this.keys.ensure(accountId, domainId);
  }
}

@CommandHandler(ReleaseAccountKeysCommand)
export class ReleaseAccountKeysHandler implements ICommandHandler<ReleaseAccountKeysCommand, void> {
  constructor(private readonly keys: DkimKeys) {}
  execute({ accountId, domainId }: ReleaseAccountKeysCommand): Promise<void> {
    return this.keys.release(accountId, domainId);
  }
}

@CommandHandler(RepublishAccountZoneCommand)
export class RepublishAccountZoneHandler implements ICommandHandler<RepublishAccountZoneCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}
  execute({ accountId }: RepublishAccountZoneCommand): Promise<void> {
    return this.unitOfWork.run(() => this.outbox.add([zoneChanged(accountId, this.clock.now())]));
  }
}
