import { Command } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DomainView } from '../domain.view.js';

/** A PATCH: each field optional; `status` only `suspended` (with `reason`) or `active` (to leave a suspension). */
export interface DomainPatch {
  description?: unknown;
  externalId?: unknown;
  metadata?: unknown;
  emailAddress?: unknown;
  settings?: unknown;
  trackingPrefix?: unknown;
  isDefault?: boolean;
  status?: string;
  reason?: unknown;
}

/**
 * Changes a domain of an account within `scope`: fields, the account's default (at most one,
 * switched atomically), the tracking prefix (its record generated again), suspension. Leaving a
 * suspension makes the domain pending (`resumed`): the caller verifies it at once, never forcing
 * it active. Any other status is INVALID_TRANSITION.
 */
export class UpdateDomainCommand extends Command<{ domain: DomainView; resumed: boolean }> {
  constructor(
    readonly target: { domainId: number; accountId: unknown },
    readonly patch: DomainPatch,
    readonly scope: AccountScope,
  ) {
    super();
  }
}
