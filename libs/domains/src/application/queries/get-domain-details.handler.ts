import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, isAccountId } from '#shared-kernel';
import { type DomainDetailsView, DomainReadModel } from '../domain-details.view.js';
import { GetDomainDetailsQuery } from './get-domain-details.query.js';

@QueryHandler(GetDomainDetailsQuery)
export class GetDomainDetailsHandler implements IQueryHandler<GetDomainDetailsQuery, DomainDetailsView> {
  constructor(private readonly readModel: DomainReadModel) {}

  async execute({ target, scope }: GetDomainDetailsQuery): Promise<DomainDetailsView> {
    const notFound = new DomainError('DOMAIN_NOT_FOUND', 'Domain not found');
    if (!isAccountId(target.accountId) || !scope.includes(target.accountId)) throw notFound;
    return (await this.readModel.get(target.domainId, target.accountId.toLowerCase())) ?? Promise.reject(notFound);
  }
}
