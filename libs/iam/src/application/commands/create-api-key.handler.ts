import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, isAccountId, UnitOfWork } from '#shared-kernel';
import { ApiKey } from '../../domain/api-key.entity.js';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { apiKeyPrefix, generateApiKeySecret, hashApiKey } from '../../domain/api-key-secret.js';
import { isPermission, type Permission } from '../../domain/permission.js';
import { type ApiKeyView, toApiKeyView } from '../api-key.view.js';
import { CreateApiKeyCommand } from './create-api-key.command.js';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand, ApiKeyView & { key: string }> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ input, creator }: CreateApiKeyCommand): Promise<ApiKeyView & { key: string }> {
    const all = input.accountIds.length === 1 && input.accountIds[0] === '*';
    const badAccount = input.accountIds.find((id) => !isAccountId(id));
    if (input.accountIds.length === 0 || (!all && badAccount !== undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'accountIds must be a non-empty list of account UUIDs, or ["*"] for every account', {
        field: 'accountIds',
      });
    }
    const badPermission = input.permissions.find((p) => !isPermission(p));
    if (input.permissions.length === 0 || badPermission !== undefined) {
      throw new DomainError('VALIDATION_FAILED', `permissions must be a non-empty list of known permissions${badPermission ? `; unknown: ${badPermission}` : ''}`, {
        field: 'permissions',
      });
    }
    const accountIds = all ? ['*'] : [...new Set(input.accountIds.map((id) => id.toLowerCase()))];
    const permissions = [...new Set(input.permissions as Permission[])];
    // A key can only hand out what it has itself.
    const escalates = (all && !creator.scope.all) || accountIds.some((id) => id !== '*' && !creator.scope.includes(id)) ||
      permissions.some((p) => !creator.permissions.includes(p));
    if (escalates) {
      throw new DomainError('PERMISSION_DENIED', 'A key can only grant accounts and permissions it has itself');
    }
    const secret = generateApiKeySecret();
    const key = ApiKey.restore({
      id: randomUUID(),
      name: input.name ?? null,
      prefix: apiKeyPrefix(secret),
      hash: hashApiKey(secret),
      accountIds,
      permissions,
      createdAt: this.clock.now(),
      revokedAt: null,
    });
    // stored with the request's answer when it keeps one (an Idempotency-Key): a retry gets this key, never a second one
    return this.unitOfWork.run(async () => {
      await this.keys.insert(key);
      return { ...toApiKeyView(key), key: secret };
    }, { answersRequest: true });
  }
}
