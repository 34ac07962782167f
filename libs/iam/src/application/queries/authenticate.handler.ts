import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#shared-kernel';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { hashApiKey } from '../../domain/api-key-secret.js';
import { PrincipalCache } from '../principal-cache.js';
import type { Principal } from '../principal.js';
import { AuthenticateQuery } from './authenticate.query.js';

@QueryHandler(AuthenticateQuery)
export class AuthenticateHandler implements IQueryHandler<AuthenticateQuery, Principal> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly cache: PrincipalCache,
  ) {}

  async execute({ secret }: AuthenticateQuery): Promise<Principal> {
    if (!secret) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key');
    const hash = hashApiKey(secret);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const key = await this.keys.findByHash(hash);
    if (!key || key.revoked) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key');
    const { permissions } = key.snapshot();
    const principal = { keyId: key.id, scope: key.scope, permissions };
    this.cache.set(hash, principal);
    return principal;
  }
}
