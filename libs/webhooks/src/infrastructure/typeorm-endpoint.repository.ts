import { Injectable } from '@nestjs/common';
import { type AccountScope, type Page, type PageRequest, type SealedKey, selectList, TypeOrmUnitOfWork } from '#shared-kernel';
import { EndpointRepository } from '../domain/endpoint.repository.port.js';
import { WebhookEndpoint, type WebhookEndpointState } from '../domain/webhook-endpoint.js';
import { WebhookEndpointOrmEntity } from './webhook.orm-entities.js';

const COLUMNS = selectList(WebhookEndpointOrmEntity, 'e');
const CHANGED = ['url', 'description', 'events', 'accountIds', 'enabled', 'disabledReason', 'disabledAt', 'kekId', 'secret', 'previousKekId', 'previousSecret', 'previousSecretUntil', 'secretRotatedAt', 'failingSince', 'updatedAt'] as const;

export function toEndpointState(row: WebhookEndpointOrmEntity): WebhookEndpointState {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    accountIds: row.accountIds,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    secret: { kekId: row.kekId, sealed: row.secret },
    previousSecret: row.previousKekId && row.previousSecret ? { kekId: row.previousKekId, sealed: row.previousSecret } : null,
    previousSecretUntil: row.previousSecretUntil,
    secretRotatedAt: row.secretRotatedAt,
    failingSince: row.failingSince,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toRow(endpoint: WebhookEndpoint): WebhookEndpointOrmEntity {
  const s = endpoint.snapshot();
  return Object.assign(new WebhookEndpointOrmEntity(), {
    id: s.id,
    url: s.url,
    description: s.description,
    events: s.events,
    accountIds: s.accountIds,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt,
    kekId: s.secret.kekId,
    secret: s.secret.sealed,
    previousKekId: s.previousSecret?.kekId ?? null,
    previousSecret: s.previousSecret?.sealed ?? null,
    previousSecretUntil: s.previousSecretUntil,
    secretRotatedAt: s.secretRotatedAt,
    failingSince: s.failingSince,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  });
}

/** Which endpoints a scope may see: all of them, or those whose accounts all lie within it (never an all-accounts one). */
function visible(scope: AccountScope, param: number): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: 'true', params: [] };
  return { sql: `NOT e.account_ids @> '["*"]'::jsonb AND e.account_ids <@ $${param}::jsonb`, params: [JSON.stringify(scope.accountIds)] };
}

@Injectable()
export class TypeOrmEndpointRepository extends EndpointRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async insert(endpoint: WebhookEndpoint): Promise<void> {
    await this.uow.insertRows(WebhookEndpointOrmEntity, [toRow(endpoint)]);
  }

  async update(endpoint: WebhookEndpoint): Promise<void> {
    await this.uow.updateRows(WebhookEndpointOrmEntity, [toRow(endpoint)], [...CHANGED]);
  }

  async find(id: string, scope: AccountScope, options: { lock?: boolean } = {}): Promise<WebhookEndpoint | null> {
    const where = visible(scope, 2);
    const rows = (await this.uow.manager.query(`SELECT ${COLUMNS} FROM webhook_endpoints e WHERE e.id = $1 AND ${where.sql}${options.lock ? ' FOR UPDATE' : ''}`, [id, ...where.params])) as WebhookEndpointOrmEntity[];
    return rows[0] ? WebhookEndpoint.restore(toEndpointState(rows[0])) : null;
  }

  async list(scope: AccountScope, page: PageRequest): Promise<Page<WebhookEndpoint>> {
    const where = visible(scope, 1);
    const [count] = (await this.uow.manager.query(`SELECT count(*)::int AS n FROM webhook_endpoints e WHERE ${where.sql}`, where.params)) as { n: number }[];
    const n = where.params.length;
    const rows = (await this.uow.manager.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints e WHERE ${where.sql} ORDER BY e.created_at DESC, e.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, page.limit, page.offset],
    )) as WebhookEndpointOrmEntity[];
    return { items: rows.map((r) => WebhookEndpoint.restore(toEndpointState(r))), total: count!.n, limit: page.limit, offset: page.offset };
  }

  async delete(id: string): Promise<void> {
    // its deliveries with it (no foreign key does it: see the migration WebhookDeliveriesUnconstrained)
    await this.uow.manager.query(`DELETE FROM webhook_deliveries WHERE endpoint_id = $1`, [id]);
    await this.uow.manager.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [id]);
  }

  async sealedElsewhere(currentKekId: string, limit: number): Promise<{ id: string; secret: SealedKey; previousSecret: SealedKey | null }[]> {
    const rows = (await this.uow.manager.query(
      `SELECT id, kek_id, secret, previous_kek_id, previous_secret FROM webhook_endpoints WHERE kek_id <> $1 OR previous_kek_id <> $1 ORDER BY id LIMIT $2`,
      [currentKekId, limit],
    )) as { id: string; kek_id: string; secret: string; previous_kek_id: string | null; previous_secret: string | null }[];
    return rows.map((r) => ({
      id: r.id,
      secret: { kekId: r.kek_id, sealed: r.secret },
      previousSecret: r.previous_kek_id && r.previous_secret ? { kekId: r.previous_kek_id, sealed: r.previous_secret } : null,
    }));
  }

  async resealed(id: string, before: { secret: SealedKey; previousSecret: SealedKey | null }, after: { secret: SealedKey; previousSecret: SealedKey | null }): Promise<void> {
    await this.uow.manager.query(
      `UPDATE webhook_endpoints SET kek_id = $3, secret = $4, previous_kek_id = $5, previous_secret = $6
        WHERE id = $1 AND secret = $2`,
      [id, before.secret.sealed, after.secret.kekId, after.secret.sealed, after.previousSecret?.kekId ?? null, after.previousSecret?.sealed ?? null],
    );
  }
}
