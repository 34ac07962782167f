import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, HttpException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { KEY_HEADER, presentedKey } from '#iam';
import { requestOf, responseOf } from './http-platform.js';

const NO_RATE_LIMIT = 'sds:no-rate-limit';

/** Routes that are never limited (probes, metrics). */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT, true);

/** Settings of the rate limit: requests per minute per API key. */
export abstract class RateLimitSettings {
  abstract readonly perMinute: number;
}

/**
 * Requests per minute per API key (its SHA-256, never the key), across every route, wherever the
 * route reads it (Authorization, or X-Vault-Token on the Vault route), or per client address when
 * no key is sent; counted by rate-limiter-flexible in this instance's memory. Answers
 * X-RateLimit-Limit/-Remaining/-Reset, and 429 with Retry-After in the surface's envelope.
 */
@Injectable()
export class ApiKeyRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterMemory;

  constructor(
    private readonly reflector: Reflector,
    private readonly settings: RateLimitSettings,
  ) {
    this.limiter = new RateLimiterMemory({ points: settings.perMinute, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [context.getHandler(), context.getClass()])) return true;
    const req = requestOf(context);
    const res = responseOf(context);
    // the key as the route takes it: rspamd's Vault client sends it in X-Vault-Token, not Authorization
    const secret = presentedKey(req.headers, this.reflector.getAllAndOverride<string | undefined>(KEY_HEADER, [context.getHandler(), context.getClass()]));
    const tracker = secret ? `key:${createHash('sha256').update(secret).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
    res.setHeader('X-RateLimit-Limit', String(this.settings.perMinute));
    try {
      const used = await this.limiter.consume(tracker);
      res.setHeader('X-RateLimit-Remaining', String(used.remainingPoints));
      res.setHeader('X-RateLimit-Reset', String(Math.ceil(used.msBeforeNext / 1000)));
      return true;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      const wait = String(Math.max(1, Math.ceil(refused.msBeforeNext / 1000)));
      res.setHeader('X-RateLimit-Remaining', '0');
      res.setHeader('X-RateLimit-Reset', wait);
      res.setHeader('Retry-After', wait);
      throw new HttpException(`Too many requests for this API key: at most ${this.settings.perMinute} a minute; retry after the Retry-After seconds`, 429);
    }
  }
}
