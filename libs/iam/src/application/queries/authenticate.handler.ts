import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#shared-kernel';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { hashApiKey } from '../../domain/api-key-secret.js';
import type { Principal } from '../principal.js';
import { AuthenticateQuery } from './authenticate.query.js';

@QueryHandler(AuthenticateQuery)
export class AuthenticateHandler implements IQueryHandler<AuthenticateQuery, Principal> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute({ secret }: AuthenticateQuery): Promise<Principal> {
    const key = secret ? await this.keys.findByHash(hashApiKey(secret)) : null;
    if (!key || key.revoked) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key');
    const { permissions } = key.snapshot();
    return { keyId: key.id, scope: key.scope, permissions };
  }
}
