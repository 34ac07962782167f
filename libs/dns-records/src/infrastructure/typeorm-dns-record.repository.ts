import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { type AccountScope, TypeOrmUnitOfWork } from '#shared-kernel';
import { DnsRecord, type DnsRecordState } from '../domain/dns-record.entity.js';
import { DnsRecordRepository } from '../domain/dns-record.repository.port.js';
import { DnsRecordOrmEntity } from './dns-record.orm-entity.js';

const toDomain = (row: DnsRecordOrmEntity) => DnsRecord.restore(row as DnsRecordState);

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
    if (records.length === 0) return;
    // one statement for every record of the run
    const states = records.map((r) => r.snapshot());
    await this.uow.manager.query(
      `UPDATE dns_records r SET position = v.position, status = v.status, is_valid = v.is_valid, found_values = v.found_values,
              diagnosis = v.diagnosis, suggested_value = v.suggested_value, details = v.details, last_checked_at = v.last_checked_at,
              check_attempts = v.check_attempts, verified_at = v.verified_at
         FROM jsonb_to_recordset($1::jsonb) AS v(id int, position smallint, status varchar, is_valid boolean, found_values jsonb,
              diagnosis text, suggested_value text, details jsonb, last_checked_at timestamptz, check_attempts int, verified_at timestamptz)
        WHERE r.id = v.id`,
      [
        JSON.stringify(
          states.map((s) => ({
            id: s.id,
            position: s.position,
            status: s.status,
            is_valid: s.isValid,
            found_values: s.foundValues,
            diagnosis: s.diagnosis,
            suggested_value: s.suggestedValue,
            details: s.details,
            last_checked_at: s.lastCheckedAt,
            check_attempts: s.checkAttempts,
            verified_at: s.verifiedAt,
          })),
        ),
      ],
    );
  }

  async remove(recordIds: number[]): Promise<void> {
    if (recordIds.length > 0) await this.repo.delete({ id: In(recordIds) });
  }

  async removeByDomain(domainId: number): Promise<void> {
    await this.repo.delete({ domainId });
  }
}
