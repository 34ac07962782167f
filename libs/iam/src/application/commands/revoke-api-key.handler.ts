import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, UnitOfWork } from '#shared-kernel';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand, void> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ keyId, caller }: RevokeApiKeyCommand): Promise<void> {
    return this.unitOfWork.run(async () => {
      const key = await this.keys.findById(keyId);
      if (!key || key.revoked || !key.isVisibleTo(caller.scope)) throw new DomainError('API_KEY_NOT_FOUND', 'API key not found');
      if (key.isAllAccountsManager) {
        const managers = await this.keys.lockAllAccountsManagers();
        if (managers.every((m) => m.id === key.id)) {
          throw new DomainError(
            'LAST_MANAGER_KEY',
            'This is the last active key that can manage keys on every account; create another such key before revoking this one',
          );
        }
      }
      key.revoke(this.clock.now());
      await this.keys.update(key);
    });
  }
}
