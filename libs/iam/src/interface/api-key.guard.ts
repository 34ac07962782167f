import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '#shared-kernel';
import { AuthenticateQuery } from '../application/queries/authenticate.query.js';
import type { Permission } from '../domain/permission.js';
import { KEY_HEADER, PERMISSION_KEY, presentedKey, PUBLIC_KEY } from './permissions.decorator.js';

/**
 * Authenticates `Authorization: Bearer <key>` (a bare key is accepted too) and checks the route's
 * permission. Throws domain errors; each API surface's exception filter turns them into its own
 * envelope (401 unknown key; 401 on the CM surface / 403 on the native one for a missing permission).
 * Account scoping is enforced by the commands and queries, which get the principal's scope.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly queryBus: QueryBus,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; principal?: unknown }>();
    const keyHeader = this.reflector.getAllAndOverride<string | undefined>(KEY_HEADER, targets);
    const secret = presentedKey(request.headers, keyHeader);
    if (!secret) throw new DomainError('UNAUTHENTICATED', keyHeader ? `Missing API key: send it in ${keyHeader}` : 'Missing API key: send Authorization: Bearer <key>');
    const principal = await this.queryBus.execute(new AuthenticateQuery(secret));
    if (!permission || !principal.permissions.includes(permission)) {
      throw new DomainError('PERMISSION_DENIED', 'Access denied - insufficient permissions', { required: permission });
    }
    request.principal = principal;
    return true;
  }
}
