import { Injectable } from '@nestjs/common';
import { RecordsProjection } from '#dns-records';
import { fromJson, jsonObject, TypeOrmUnitOfWork } from '#shared-kernel';
import { type DomainDetailsView, type DomainFilter, DomainReadModel, type DomainSort, type DomainStats } from '../application/domain-details.view.js';
import { stateView } from '../application/domain.view.js';
import { SendingDomainMapper, type SendingDomainRow, STATE_COLUMNS } from './sending-domain.mapper.js';
import { SendingDomainOrmEntity } from './sending-domain.orm-entity.js';

/**
 * A domain with its records as one JSON document, generated from the one row mapping of each
 * table (this module's SendingDomainMapper columns, dns-records' RecordsProjection).
 */
const DOCUMENT = jsonObject(SendingDomainOrmEntity, 'd', STATE_COLUMNS, { records: RecordsProjection.sql('d.id') });

const ORDER: Record<DomainSort, string> = {
  createdAt: 'created_on ASC, id ASC',
  '-createdAt': 'created_on DESC, id DESC',
  // the Unicode name the list shows (bücher.example before c.example), not its punycode form
  domain: 'display_name ASC, id ASC',
  '-domain': 'display_name DESC, id DESC',
};

type Document = Record<string, unknown> & { records: Record<string, unknown>[] };

function toView(document: Document): DomainDetailsView {
  const { records, ...row } = document;
  return { ...stateView(SendingDomainMapper.toState(fromJson<SendingDomainRow>(SendingDomainOrmEntity, row))), records: RecordsProjection.views(records) };
}

/** `%` and `_` in a search are plain characters, not LIKE wildcards. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, '\\$&')}%`;

/** The list route's one statement (exported for the benchmark's bare-server comparison). */
export function listStatement(accountId: string, filter: DomainFilter, page: { limit: number; offset: number }): { text: string; params: unknown[] } {
  const params: unknown[] = [accountId, page.limit, page.offset];
  const where = ['d.account_id = $1', 'd.deleted_on IS NULL'];
  if (filter.statuses?.length) {
    params.push([...filter.statuses]);
    where.push(`d.status = ANY($${params.length}::varchar[])`);
  }
  if (filter.search) {
    params.push(likePrefix(filter.search.toLowerCase()));
    where.push(`(d.name LIKE $${params.length} OR d.display_name LIKE $${params.length})`);
  }
  const text = `WITH matched AS (SELECT d.id, d.created_on, d.display_name FROM sending_domains d WHERE ${where.join(' AND ')}),
            page AS (SELECT id, created_on, display_name FROM matched ORDER BY ${ORDER[filter.sort]} LIMIT $2 OFFSET $3)
       SELECT (SELECT count(*) FROM matched)::int AS total,
              coalesce((SELECT json_agg(x.doc ORDER BY x.ord)
                          FROM (SELECT ${DOCUMENT} AS doc, row_number() OVER (ORDER BY ${ORDER[filter.sort].replace(/(\w+) (ASC|DESC)/g, 'p.$1 $2')}) AS ord
                                  FROM page p JOIN sending_domains d ON d.id = p.id) x), '[]'::json) AS items`;
  return { text, params };
}

/** ISO 8601 UTC to the second, as seed 000 shows timestamps (null stays null). */
const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * One page of seed 000's `domainConfig`s of the live domains of account $1, oldest first, after
 * the key ($2 created_on, $3 id), at most $4: each rendered as compact JSON text by PostgreSQL
 * (row_to_json): id, domain, accountId, isValid, createdOn, modifiedOn, deletedOn, and dnsRecords
 * (its DKIM and return-path records, in profile order: host, type, value, isValid). Nothing is
 * parsed or re-serialised on the way out. `after_created` (text: every microsecond) and `id` are
 * the next page's key. Served by the index (account_id, created_on, id) of live domains.
 */
export const SEED_PAGE_STATEMENT = `
  SELECT (SELECT row_to_json(c) FROM (SELECT d.id, d.name AS domain, d.account_id AS "accountId", d.status = 'active' AS "isValid",
                                             ${isoUtc('d.created_on')} AS "createdOn", ${isoUtc('d.modified_on')} AS "modifiedOn",
                                             ${isoUtc('d.deleted_on')} AS "deletedOn",
                                             coalesce((SELECT ('[' || string_agg(row_to_json(x)::text, ',' ORDER BY r.position) || ']')::json
                                                         FROM dns_records r, LATERAL (SELECT r.host, r.type, r.value, r.is_valid AS "isValid") x
                                                        WHERE r.domain_id = d.id AND r.purpose IN ('dkim', 'returnPath')), '[]'::json) AS "dnsRecords") c)::text AS config,
         d.created_on::text AS after_created, d.id
    FROM sending_domains d
   WHERE d.account_id = $1 AND d.deleted_on IS NULL AND (d.created_on, d.id) > ($2::timestamptz, $3::int)
   ORDER BY d.created_on, d.id
   LIMIT $4`;

/** The key before the first page. */
export const FIRST_PAGE_KEY = ['-infinity', 0] as const;

/**
 * The read model: SQL over the domains and their records (read-only across both tables), no
 * entity hydration. A list is one statement: filter, sort, page, total and records together.
 */
@Injectable()
export class SqlDomainReadModel extends DomainReadModel {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async list(accountId: string, filter: DomainFilter, page: { limit: number; offset: number }): Promise<{ items: DomainDetailsView[]; total: number }> {
    const { text, params } = listStatement(accountId, filter, page);
    const [row] = await this.uow.prepared<{ total: number; items: Document[] }>(text, params);
    return { total: row!.total, items: row!.items.map(toView) };
  }

  async stats(now: Date): Promise<DomainStats> {
    const [row] = (await this.uow.manager.query(
      `SELECT (SELECT coalesce(json_object_agg(status, n), '{}'::json)
                 FROM (SELECT status, count(*)::int AS n FROM sending_domains WHERE deleted_on IS NULL GROUP BY status) s) AS by_status,
              (SELECT min(next_check_at) FROM sending_domains WHERE deleted_on IS NULL AND next_check_at IS NOT NULL AND next_check_at <= $1) AS oldest_due`,
      [now],
    )) as { by_status: DomainStats['byStatus']; oldest_due: Date | null }[];
    return { byStatus: row!.by_status, oldestDueAt: row!.oldest_due };
  }

  /**
   * Every live domain of the account, a page (keyset: created_on, id) at a time: each page one
   * short prepared statement, the connection given back between pages, so a slow reader never
   * holds one. A domain registered while the list is read appears at its end; one deleted
   * meanwhile is left out if its page had not been read yet.
   */
  async *streamSeedConfigs(accountId: string, batchSize: number): AsyncIterableIterator<string[]> {
    let after: readonly [string, number] = FIRST_PAGE_KEY;
    for (;;) {
      const rows = await this.uow.prepared<{ config: string; after_created: string; id: number }>(SEED_PAGE_STATEMENT, [accountId, after[0], after[1], batchSize]);
      if (rows.length > 0) yield rows.map((r) => r.config);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = [last.after_created, last.id];
    }
  }

  async get(domainId: number, accountId: string): Promise<DomainDetailsView | null> {
    const rows = await this.uow.prepared<{ doc: Document }>(`SELECT ${DOCUMENT} AS doc FROM sending_domains d WHERE d.id = $1 AND d.account_id = $2 AND d.deleted_on IS NULL`, [domainId, accountId]);
    return rows[0] ? toView(rows[0].doc) : null;
  }
}
