import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError } from '#shared-kernel';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand, void> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ keyId }: RevokeApiKeyCommand): Promise<void> {
    const key = await this.keys.findById(keyId);
    if (!key || key.revoked) throw new DomainError('API_KEY_NOT_FOUND', 'API key not found');
    key.revoke(this.clock.now());
    await this.keys.update(key);
  }
}
