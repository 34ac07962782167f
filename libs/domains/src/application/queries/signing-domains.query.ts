import { Query } from '@nestjs/cqrs';
import type { AccountScope, Page, PageRequest } from '#shared-kernel';
import type { DomainStatus } from '../../domain/domain-status.js';

/** What signing for a domain needs to know of it. */
export interface SigningDomainView {
  id: number;
  accountId: string;
  /** as DNS knows it (punycode) */
  domain: string;
  status: DomainStatus;
  provider: string;
}

/**
 * The live registrations of a name within `scope` (several accounts may have one), the active
 * built-in ones first: what signing a message From that domain may use.
 */
export class FindSigningDomainsQuery extends Query<SigningDomainView[]> {
  constructor(
    readonly domain: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** The live, active, built-in domains within `scope`, by name: the ones the platform's MTA signs for. */
export class ListSignableDomainsQuery extends Query<Page<SigningDomainView>> {
  constructor(
    readonly scope: AccountScope,
    readonly page: PageRequest,
  ) {
    super();
  }
}
