import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from '../application/principal.js';
import type { Permission } from '../domain/permission.js';

export const PERMISSION_KEY = 'iam:permission';
export const PUBLIC_KEY = 'iam:public';

/** The permission a route needs (DESIGN.md §5). Checked by ApiKeyGuard. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

export const KEY_HEADER = 'iam:key-header';

/**
 * The header a route reads its API key from instead of `Authorization` (the key alone, no
 * scheme): for a client we do not write, such as rspamd's Vault client (`X-Vault-Token`).
 */
export const ApiKeyHeader = (header: string) => SetMetadata(KEY_HEADER, header.toLowerCase());

/** The API key a request presents: in the route's own header (`keyHeader`, the key alone), else as `Authorization: Bearer <key>`; '' when none. */
export function presentedKey(headers: Record<string, string | string[] | undefined>, keyHeader: string | undefined): string {
  const value = headers[keyHeader ?? 'authorization'];
  const header = (typeof value === 'string' ? value : '').trim();
  return keyHeader ? header : header.replace(/^Bearer\s+/i, '').trim();
}

/** A route anyone may call (health). Every other route must name its permission. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, set on the request by ApiKeyGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
