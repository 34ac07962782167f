import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TypeOrmUnitOfWork } from '#shared-kernel';
import { DnsRecord, type DnsRecordState } from '../domain/dns-record.entity.js';
import { DnsRecordRepository } from '../domain/dns-record.repository.port.js';
import { DnsRecordOrmEntity } from './dns-record.orm-entity.js';

@Injectable()
export class TypeOrmDnsRecordRepository extends DnsRecordRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private get repo() {
    return this.uow.manager.getRepository(DnsRecordOrmEntity);
  }

  async insertAll(records: DnsRecord[]): Promise<void> {
    const rows = records.map((r) => {
      const { id: _id, ...state } = r.snapshot();
      return this.repo.create(state);
    });
    await this.repo.insert(rows);
  }

  async findByDomains(domainIds: number[]): Promise<DnsRecord[]> {
    if (domainIds.length === 0) return [];
    const rows = await this.repo.find({ where: { domainId: In(domainIds) }, order: { domainId: 'ASC', position: 'ASC' } });
    return rows.map((row) => DnsRecord.restore(row as DnsRecordState));
  }

  async saveChecks(records: DnsRecord[]): Promise<void> {
    for (const record of records) {
      const s = record.snapshot();
      await this.repo.update(
        { id: s.id },
        { status: s.status, isValid: s.isValid, foundValues: s.foundValues, diagnosis: s.diagnosis, lastCheckedAt: s.lastCheckedAt },
      );
    }
  }

  async removeByDomain(domainId: number): Promise<void> {
    await this.repo.delete({ domainId });
  }
}
