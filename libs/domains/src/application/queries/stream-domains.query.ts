import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { DomainDetailsView } from '../domain-details.view.js';

/**
 * Every live domain of an account with its records, oldest first, in batches from a database
 * cursor (for answers of any size in flat memory). Run the iterator to its end or `return()` it:
 * it holds a connection meanwhile. An account outside `scope` is DOMAIN_NOT_FOUND.
 */
export class StreamDomainsQuery extends Query<AsyncIterableIterator<DomainDetailsView[]>> {
  constructor(
    readonly accountId: unknown,
    readonly scope: AccountScope,
    readonly batchSize = 500,
  ) {
    super();
  }
}
