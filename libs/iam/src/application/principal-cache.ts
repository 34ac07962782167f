import { Injectable } from '@nestjs/common';
import { ApiKeyChanges } from './api-key-changes.port.js';
import type { Principal } from './principal.js';

/** A cached key is asked again after this long, even with no change announced (a safety net). */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Authenticated keys by their hash, so a request costs no database round trip. Used only while
 * the change feed is live; every announced change (a revocation on any instance) empties it, so
 * a revoked key stops working everywhere as soon as the revocation commits.
 */
@Injectable()
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly changes: ApiKeyChanges) {
    changes.onChange(() => this.entries.clear());
  }

  get(hash: string, now = Date.now()): Principal | undefined {
    if (!this.changes.live) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  set(hash: string, principal: Principal, now = Date.now()): void {
    if (!this.changes.live) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!); // the oldest
    this.entries.set(hash, { principal, until: now + TTL_MS });
  }
}
