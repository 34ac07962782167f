import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DomainDetailsView } from '../domain-details.view.js';

/**
 * One live domain of an account with its records (the read model). DOMAIN_NOT_FOUND when it does
 * not exist, is deleted, belongs to another account, or the account is outside `scope`: the
 * caller cannot tell these apart.
 */
export class GetDomainDetailsQuery extends Query<DomainDetailsView> {
  constructor(
    readonly target: { domainId: number; accountId: unknown },
    readonly scope: AccountScope,
  ) {
    super();
  }
}
