import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { type AccountScope, TypeOrmUnitOfWork } from '#shared-kernel';
import { DnsRecord, type DnsRecordState } from '../domain/dns-record.entity.js';
import { DnsRecordRepository } from '../domain/dns-record.repository.port.js';
import { DnsRecordOrmEntity } from './dns-record.orm-entity.js';

const toDomain = (row: DnsRecordOrmEntity) => DnsRecord.restore(row as DnsRecordState);
/** What a check (or a new place in the profile) changes on a record. */
const CHECK_COLUMNS = [
  'position', 'status', 'isValid', 'foundValues', 'diagnosis', 'suggestedValue', 'details', 'lastCheckedAt', 'checkAttempts', 'verifiedAt',
] as const satisfies readonly (keyof DnsRecordOrmEntity)[];

@Injectable()
export class TypeOrmDnsRecordRepository extends DnsRecordRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private get repo() {
    return this.uow.manager.getRepository(DnsRecordOrmEntity);
  }

  async insertAll(records: DnsRecord[]): Promise<DnsRecord[]> {
    if (records.length === 0) return [];
    const states = records.map((r) => {
      const { id: _id, ...state } = r.snapshot();
      return state;
    });
    const ids = await this.uow.insertRows(DnsRecordOrmEntity, states as Partial<DnsRecordOrmEntity>[], 'id');
    return states.map((state, i) => DnsRecord.restore({ ...state, id: ids[i] as number } as DnsRecordState));
  }

  async findByDomains(domainIds: number[], scope: AccountScope): Promise<DnsRecord[]> {
    if (domainIds.length === 0 || (!scope.all && scope.accountIds.length === 0)) return [];
    const where = scope.all ? { domainId: In(domainIds) } : { domainId: In(domainIds), accountId: In([...scope.accountIds]) };
    const rows = await this.repo.find({ where, order: { domainId: 'ASC', position: 'ASC' } });
    return rows.map(toDomain);
  }

  async saveAll(records: DnsRecord[]): Promise<void> {
    // one statement for every record of the run
    await this.uow.updateRows(DnsRecordOrmEntity, records.map((r) => r.snapshot() as DnsRecordOrmEntity), CHECK_COLUMNS);
  }

  async remove(recordIds: number[]): Promise<void> {
    if (recordIds.length > 0) await this.repo.delete({ id: In(recordIds) });
  }

  async removeByDomain(domainId: number): Promise<void> {
    await this.repo.delete({ domainId });
  }
}
