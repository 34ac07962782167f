import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, parseAccountId } from '#shared-kernel';
import { type DomainDetailsView, DomainReadModel } from '../domain-details.view.js';
import { StreamDomainsQuery } from './stream-domains.query.js';

@QueryHandler(StreamDomainsQuery)
export class StreamDomainsHandler implements IQueryHandler<StreamDomainsQuery, AsyncIterableIterator<DomainDetailsView[]>> {
  constructor(private readonly readModel: DomainReadModel) {}

  async execute({ accountId, scope, batchSize }: StreamDomainsQuery): Promise<AsyncIterableIterator<DomainDetailsView[]>> {
    const account = parseAccountId(accountId);
    if (!scope.includes(account)) throw new DomainError('DOMAIN_NOT_FOUND', 'Resource not found');
    return this.readModel.stream(account, batchSize);
  }
}
