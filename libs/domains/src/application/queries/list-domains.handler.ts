import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, type Page, parseAccountId } from '#shared-kernel';
import { type DomainDetailsView, DomainReadModel } from '../domain-details.view.js';
import { ListDomainsQuery } from './list-domains.query.js';

@QueryHandler(ListDomainsQuery)
export class ListDomainsHandler implements IQueryHandler<ListDomainsQuery, Page<DomainDetailsView>> {
  constructor(private readonly readModel: DomainReadModel) {}

  async execute({ accountId, filter, page, scope }: ListDomainsQuery): Promise<Page<DomainDetailsView>> {
    const account = parseAccountId(accountId);
    if (!scope.includes(account)) throw new DomainError('DOMAIN_NOT_FOUND', 'Resource not found');
    const found = await this.readModel.list(account, filter, page);
    return { ...found, limit: page.limit, offset: page.offset };
  }
}
