import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, parseAccountId } from '#shared-kernel';
import { DomainReadModel } from '../domain-details.view.js';
import { StreamSeedDomainConfigsQuery } from './stream-seed-domain-configs.query.js';

@QueryHandler(StreamSeedDomainConfigsQuery)
export class StreamSeedDomainConfigsHandler implements IQueryHandler<StreamSeedDomainConfigsQuery, AsyncIterableIterator<string[]>> {
  constructor(private readonly readModel: DomainReadModel) {}

  async execute({ accountId, scope, batchSize }: StreamSeedDomainConfigsQuery): Promise<AsyncIterableIterator<string[]>> {
    const account = parseAccountId(accountId);
    if (!scope.includes(account)) throw new DomainError('DOMAIN_NOT_FOUND', 'Resource not found');
    return this.readModel.streamSeedConfigs(account, batchSize);
  }
}
