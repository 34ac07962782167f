import { Injectable } from '@nestjs/common';
import { type AccountScope, type Page, type PageRequest, TypeOrmUnitOfWork } from '#shared-kernel';
import { ApiKey, type ApiKeyState } from '../domain/api-key.entity.js';
import { ApiKeyChanges } from '../application/api-key-changes.port.js';
import { ApiKeyRepository } from '../domain/api-key.repository.port.js';
import { ApiKeyOrmEntity } from './api-key.orm-entity.js';
import { API_KEY_CHANNEL } from './pg-api-key-changes.js';

const toDomain = (row: ApiKeyOrmEntity) => ApiKey.restore(row as ApiKeyState);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TypeOrmApiKeyRepository extends ApiKeyRepository {
  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    private readonly changes: ApiKeyChanges,
  ) {
    super();
  }

  private get repo() {
    return this.uow.manager.getRepository(ApiKeyOrmEntity);
  }

  async insert(key: ApiKey): Promise<void> {
    await this.repo.insert(key.snapshot());
  }

  async upsert(key: ApiKey): Promise<void> {
    await this.repo.upsert(key.snapshot(), ['id']);
    await this.announce(key.id);
  }

  async update(key: ApiKey): Promise<void> {
    const { id, ...rest } = key.snapshot();
    await this.repo.update({ id }, rest);
    await this.announce(id);
  }

  /**
   * Every instance drops its cached keys when this commits (NOTIFY is sent at commit, never on
   * rollback); this one at once, so the request that revoked a key is answered only once the key
   * no longer works here (the notification reaches its own listener a moment later).
   */
  private async announce(id: string): Promise<void> {
    await this.uow.manager.query(`SELECT pg_notify($1, $2)`, [API_KEY_CHANNEL, id]);
    this.uow.afterCommit(() => this.changes.changedHere());
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const row = await this.repo.findOne({ where: { hash } });
    return row ? toDomain(row) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    if (!UUID.test(id)) return null;
    const row = await this.repo.findOne({ where: { id } });
    return row ? toDomain(row) : null;
  }

  async list(scope: AccountScope, page: PageRequest): Promise<Page<ApiKey>> {
    const qb = this.repo.createQueryBuilder('k');
    if (!scope.all) {
      // every account of the key within the caller's (jsonb containment); never an all-accounts key
      qb.where(`NOT k.account_ids @> '["*"]'::jsonb AND k.account_ids <@ :scope::jsonb`, { scope: JSON.stringify(scope.accountIds) });
    }
    const [rows, total] = await qb.orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'ASC').take(page.limit).skip(page.offset).getManyAndCount();
    return { items: rows.map(toDomain), total, limit: page.limit, offset: page.offset };
  }

  async lockAllAccountsManagers(): Promise<ApiKey[]> {
    const rows = await this.repo
      .createQueryBuilder('k')
      .where(`k.revoked_at IS NULL AND k.account_ids @> '["*"]'::jsonb AND k.permissions @> '["ApiKeys_Manage"]'::jsonb`)
      .setLock('pessimistic_write')
      .getMany();
    return rows.map(toDomain);
  }
}
