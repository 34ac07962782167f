import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Observable } from 'rxjs';
import { DomainError } from '#shared-kernel';
import { CM_PREFIX } from '../email-configuration-v1/cm-envelope.js';
import { requestOf } from './http-platform.js';

/**
 * Where unknown query parameters are refused: the two API surfaces. The probes, /metrics and the
 * docs ignore them, as load balancers, scrapers and monitors add their own (`?_=<timestamp>`
 * cache busters, Prometheus `params`), and a probe that fails on one takes the instance out of
 * service.
 */
export const STRICT_QUERY_PREFIXES: readonly string[] = ['/api/', `${CM_PREFIX}/`];

/**
 * Refuses any query parameter on a route that declares none, as QueryValidationPipe refuses an
 * unknown one where a route does declare some: VALIDATION_FAILED `unknown query parameter "foo"`
 * naming the field, which each surface's filter puts in its envelope. An interceptor runs after
 * the guards, so a request without a valid key is still a 401, and before pipes and handler, so a
 * refused request changes nothing. A handler with a `@Query()` parameter is left to its pipe.
 */
@Injectable()
export class UnknownQueryInterceptor implements NestInterceptor {
  /** per handler: whether it has a @Query() parameter (decorators never change at run time) */
  private readonly declaresQuery = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const { url, query } = requestOf(context);
    if (!STRICT_QUERY_PREFIXES.some((prefix) => url.startsWith(prefix)) || this.hasQueryParameter(context)) return next.handle();
    const names = Object.keys(query);
    if (names.length > 0) {
      const errors = names.map((field) => ({ field, message: `unknown query parameter "${field}"` }));
      throw new DomainError('VALIDATION_FAILED', errors[0]!.message, { field: errors[0]!.field, errors });
    }
    return next.handle();
  }

  private hasQueryParameter(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let found = this.declaresQuery.get(handler);
    if (found === undefined) {
      // Nest keeps a handler's parameter decorators under `${paramtype}:${index}` keys
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      found = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.QUERY));
      this.declaresQuery.set(handler, found);
    }
    return found;
  }
}
