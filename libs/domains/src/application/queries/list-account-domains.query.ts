import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DomainView } from '../domain.view.js';

/** Live domains of one account, oldest first. */
export class ListAccountDomainsQuery extends Query<DomainView[]> {
  constructor(
    readonly accountId: unknown,
    readonly scope: AccountScope,
    readonly page: { limit: number; offset: number } = { limit: 1000, offset: 0 },
  ) {
    super();
  }
}
