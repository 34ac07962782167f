import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, UnitOfWork } from '#shared-kernel';
import { ApiKey } from '../../domain/api-key.entity.js';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { apiKeyPrefix, generateApiKeySecret, hashApiKey } from '../../domain/api-key-secret.js';
import { PERMISSIONS } from '../../domain/permission.js';
import { EnsureAdminKeyCommand } from './ensure-admin-key.command.js';

/** The fixed id of the key that ADMIN_API_KEY (or the generated first key) is stored under. */
const ADMIN_KEY_ID = '00000000-0000-4000-8000-000000000001';

@CommandHandler(EnsureAdminKeyCommand)
export class EnsureAdminKeyHandler implements ICommandHandler<EnsureAdminKeyCommand, { generated: string | null }> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ adminKey }: EnsureAdminKeyCommand): Promise<{ generated: string | null }> {
    if (adminKey !== undefined && adminKey.trim().length < 16) {
      throw new DomainError('VALIDATION_FAILED', 'ADMIN_API_KEY must be at least 16 characters long');
    }
    return this.unitOfWork.run(async () => {
      if (adminKey === undefined && (await this.keys.lockAllAccountsManagers()).length > 0) return { generated: null };
      const secret = adminKey?.trim() ?? generateApiKeySecret();
      await this.keys.upsert(
        ApiKey.restore({
          id: ADMIN_KEY_ID,
          name: 'admin',
          prefix: apiKeyPrefix(secret),
          hash: hashApiKey(secret),
          accountIds: ['*'],
          permissions: [...PERMISSIONS],
          createdAt: this.clock.now(),
          revokedAt: null,
        }),
      );
      return { generated: adminKey === undefined ? secret : null };
    });
  }
}
