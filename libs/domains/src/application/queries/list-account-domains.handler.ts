import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, parseAccountId } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { ListAccountDomainsQuery } from './list-account-domains.query.js';

@QueryHandler(ListAccountDomainsQuery)
export class ListAccountDomainsHandler implements IQueryHandler<ListAccountDomainsQuery, DomainView[]> {
  constructor(private readonly domains: SendingDomainRepository) {}

  async execute({ accountId, scope, page }: ListAccountDomainsQuery): Promise<DomainView[]> {
    const account = parseAccountId(accountId);
    if (!scope.includes(account)) throw new DomainError('DOMAIN_NOT_FOUND', 'Resource not found');
    return (await this.domains.listByAccount(account, page)).map(toDomainView);
  }
}
