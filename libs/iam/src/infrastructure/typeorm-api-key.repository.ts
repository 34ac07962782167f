import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TypeOrmUnitOfWork } from '#shared-kernel';
import { ApiKey, type ApiKeyState } from '../domain/api-key.entity.js';
import { ApiKeyRepository } from '../domain/api-key.repository.port.js';
import { ApiKeyOrmEntity } from './api-key.orm-entity.js';

const toDomain = (row: ApiKeyOrmEntity) => ApiKey.restore(row as ApiKeyState);

@Injectable()
export class TypeOrmApiKeyRepository extends ApiKeyRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
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
  }

  async update(key: ApiKey): Promise<void> {
    const { id, ...rest } = key.snapshot();
    await this.repo.update({ id }, rest);
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const row = await this.repo.findOne({ where: { hash } });
    return row ? toDomain(row) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const row = await this.repo.findOne({ where: { id } });
    return row ? toDomain(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    return (await this.repo.find({ order: { createdAt: 'DESC' } })).map(toDomain);
  }

  async countActive(): Promise<number> {
    return this.repo.count({ where: { revokedAt: IsNull() } });
  }
}
