import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';

/**
 * Every live domain of an account as seed 000's `domainConfig` JSON text, oldest first, in
 * batches from a database cursor (answers of any size in flat memory). Run the iterator to its
 * end or `return()` it: it holds a connection meanwhile. An account outside `scope` is
 * DOMAIN_NOT_FOUND.
 */
export class StreamSeedDomainConfigsQuery extends Query<AsyncIterableIterator<string[]>> {
  constructor(
    readonly accountId: unknown,
    readonly scope: AccountScope,
    readonly batchSize = 500,
  ) {
    super();
  }
}
