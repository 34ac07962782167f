import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DomainView } from '../domain.view.js';

/**
 * One live domain by id, or by account + name. Throws DOMAIN_NOT_FOUND when it does not exist,
 * is deleted, belongs to another account than `accountId` (when given), or is outside `scope`:
 * the caller cannot tell these apart.
 */
export class GetDomainQuery extends Query<DomainView> {
  constructor(
    readonly by: { domainId: number; accountId?: string } | { accountId: string; domain: string },
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** Live domains with these ids, within `scope`, in id order (the scheduler's batch); missing or deleted ones are left out. */
export class GetDomainsQuery extends Query<DomainView[]> {
  constructor(
    readonly domainIds: readonly number[],
    readonly scope: AccountScope,
  ) {
    super();
  }
}
