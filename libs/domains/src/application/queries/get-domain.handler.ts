import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, DomainName, parseAccountId } from '#shared-kernel';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { GetDomainQuery, GetDomainsQuery } from './get-domain.query.js';

@QueryHandler(GetDomainQuery)
export class GetDomainHandler implements IQueryHandler<GetDomainQuery, DomainView> {
  constructor(private readonly domains: SendingDomainRepository) {}

  async execute({ by, scope }: GetDomainQuery): Promise<DomainView> {
    const notFound = new DomainError('DOMAIN_NOT_FOUND', 'Domain not found');
    const accountId = by.accountId === undefined ? undefined : parseAccountId(by.accountId);
    if (accountId !== undefined && !scope.includes(accountId)) throw notFound;
    let found;
    if ('domainId' in by) {
      found = await this.domains.findById(by.domainId, scope);
      if (found && accountId !== undefined && found.accountId !== accountId) found = null;
    } else {
      let name: string;
      try {
        name = DomainName.parse(by.domain).value;
      } catch {
        throw notFound;
      }
      found = await this.domains.findByName(accountId!, name);
    }
    if (!found) throw notFound;
    return toDomainView(found);
  }
}

@QueryHandler(GetDomainsQuery)
export class GetDomainsHandler implements IQueryHandler<GetDomainsQuery, DomainView[]> {
  constructor(private readonly domains: SendingDomainRepository) {}

  async execute({ domainIds, scope }: GetDomainsQuery): Promise<DomainView[]> {
    const found = await this.domains.findManyByIds(domainIds);
    return found.filter((d) => scope.includes(d.accountId)).map(toDomainView);
  }
}
