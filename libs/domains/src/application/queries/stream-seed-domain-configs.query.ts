import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';

/**
 * Every live domain of an account as seed 000's `domainConfig` JSON text, oldest first, in
 * pages of `batchSize` read one after another (answers of any size in flat memory; no connection
 * is held between pages). An account outside `scope` is DOMAIN_NOT_FOUND.
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
