import { Query } from '@nestjs/cqrs';
import type { SpfEvaluation } from '../domain/spf/check-host.js';

/**
 * RFC 7208 check_host() for a message from `ip` with MAIL FROM `sender` (left out or empty: the
 * HELO identity, `postmaster@<helo>`), asked of DNS now. Not account data: any caller that may
 * read may ask. VALIDATION_FAILED (field `ip`) when `ip` is not an IPv4 or IPv6 address.
 */
export class EvaluateSpfQuery extends Query<SpfEvaluation> {
  constructor(
    readonly ip: string,
    readonly sender?: string,
    readonly helo?: string,
  ) {
    super();
  }
}
