import { Query } from '@nestjs/cqrs';
import type { AccountScope, Page, PageRequest } from '#shared-kernel';
import type { DomainDetailsView, DomainFilter } from '../domain-details.view.js';

/**
 * One page of an account's live domains with their records (the read model). An account
 * outside `scope` is DOMAIN_NOT_FOUND ("Resource not found").
 */
export class ListDomainsQuery extends Query<Page<DomainDetailsView>> {
  constructor(
    readonly accountId: unknown,
    readonly filter: DomainFilter,
    readonly page: PageRequest,
    readonly scope: AccountScope,
  ) {
    super();
  }
}
