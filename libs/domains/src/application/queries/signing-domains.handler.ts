import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AccountScope, type Page, TypeOrmUnitOfWork } from '#shared-kernel';
import { FindSigningDomainsQuery, ListSignableDomainsQuery, type SigningDomainView } from './signing-domains.query.js';

const COLUMNS = `d.id, d.account_id AS "accountId", d.name AS domain, d.status, d.provider`;

/** `AND d.account_id = ANY($n)` for a scope of some accounts (nothing for every account). */
function inScope(scope: AccountScope, params: unknown[]): string {
  if (scope.all) return '';
  params.push([...scope.accountIds]);
  return ` AND d.account_id = ANY($${params.length}::uuid[])`;
}

@QueryHandler(FindSigningDomainsQuery)
export class FindSigningDomainsHandler implements IQueryHandler<FindSigningDomainsQuery, SigningDomainView[]> {
  constructor(private readonly uow: TypeOrmUnitOfWork) {}

  async execute({ domain, scope }: FindSigningDomainsQuery): Promise<SigningDomainView[]> {
    if (!scope.all && scope.accountIds.length === 0) return [];
    const params: unknown[] = [domain];
    return this.uow.prepared<SigningDomainView>(
      `SELECT ${COLUMNS} FROM sending_domains d WHERE d.name = $1 AND d.deleted_on IS NULL${inScope(scope, params)}
        ORDER BY (d.status = 'active' AND d.provider = 'builtin') DESC, d.id`,
      params,
    );
  }
}

@QueryHandler(ListSignableDomainsQuery)
export class ListSignableDomainsHandler implements IQueryHandler<ListSignableDomainsQuery, Page<SigningDomainView>> {
  constructor(private readonly uow: TypeOrmUnitOfWork) {}

  async execute({ scope, page }: ListSignableDomainsQuery): Promise<Page<SigningDomainView>> {
    if (!scope.all && scope.accountIds.length === 0) return { items: [], total: 0, ...page };
    const params: unknown[] = [page.limit, page.offset];
    const where = `d.deleted_on IS NULL AND d.status = 'active' AND d.provider = 'builtin'${inScope(scope, params)}`;
    const [row] = await this.uow.prepared<{ total: number; items: SigningDomainView[] }>(
      `SELECT (SELECT count(*)::int FROM sending_domains d WHERE ${where}) AS total,
              coalesce((SELECT json_agg(x) FROM (SELECT ${COLUMNS} FROM sending_domains d WHERE ${where} ORDER BY d.name, d.id LIMIT $1 OFFSET $2) x), '[]'::json) AS items`,
      params,
    );
    return { items: row!.items, total: row!.total, ...page };
  }
}
