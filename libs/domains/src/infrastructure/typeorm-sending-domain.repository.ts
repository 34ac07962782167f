import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { type AccountScope, DomainError, TypeOrmUnitOfWork } from '#shared-kernel';
import type { SendingDomain } from '../domain/sending-domain.entity.js';
import { SendingDomainRepository } from '../domain/sending-domain.repository.port.js';
import { SendingDomainMapper } from './sending-domain.mapper.js';
import { SendingDomainOrmEntity } from './sending-domain.orm-entity.js';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class TypeOrmSendingDomainRepository extends SendingDomainRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private get repo() {
    return this.uow.manager.getRepository(SendingDomainOrmEntity);
  }

  async nextId(): Promise<number> {
    const [row] = await this.uow.manager.query(`SELECT nextval('sending_domains_id_seq')::int AS id`);
    return row.id as number;
  }

  async insert(domain: SendingDomain): Promise<void> {
    try {
      await this.uow.insertRows(SendingDomainOrmEntity, [SendingDomainMapper.toOrm(domain)]);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError('DOMAIN_EXISTS', 'Domain already exists for this account', { domain: domain.name });
      }
      throw error;
    }
  }

  async update(domain: SendingDomain): Promise<void> {
    const { version, id, ...changes } = SendingDomainMapper.toOrm(domain);
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: version + 1 })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (result.affected !== 1) {
      throw new DomainError('CONCURRENT_MODIFICATION', 'The domain was changed concurrently; retry', { id });
    }
  }

  async findById(id: number, scope: AccountScope, options: { lock?: boolean } = {}): Promise<SendingDomain | null> {
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
    const qb = this.repo.createQueryBuilder('d').where('d.id = :id AND d.deleted_on IS NULL', { id });
    if (!scope.all) {
      if (scope.accountIds.length === 0) return null;
      qb.andWhere('d.account_id IN (:...accounts)', { accounts: scope.accountIds });
    }
    if (options.lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    return row ? SendingDomainMapper.toDomain(row) : null;
  }

  async findManyByIds(ids: readonly number[], options: { lock?: boolean } = {}): Promise<SendingDomain[]> {
    if (ids.length === 0) return [];
    const qb = this.repo.createQueryBuilder('d').where('d.id IN (:...ids) AND d.deleted_on IS NULL', { ids: [...ids] }).orderBy('d.id', 'ASC');
    if (options.lock) qb.setLock('pessimistic_write');
    return (await qb.getMany()).map((row) => SendingDomainMapper.toDomain(row));
  }

  async updateVerifications(domains: readonly SendingDomain[]): Promise<void> {
    if (domains.length === 0) return;
    const rows = domains.map((domain) => {
      const s = domain.snapshot();
      return {
        id: s.id,
        version: s.version,
        status: s.status,
        status_changed_at: s.statusChangedAt,
        modified_on: s.modifiedOn,
        consecutive_failures: s.consecutiveFailures,
        check_attempts: s.checkAttempts,
        last_checked_at: s.lastCheckedAt,
        verified_at: s.verifiedAt,
        next_check_at: s.nextCheckAt,
        provider_identity: s.providerIdentity,
        provider_state: s.providerState,
        provider_status: s.providerStatus,
      };
    });
    // one statement for the whole batch; the version guards against a writer that did not lock (rows are locked here)
    const result = (await this.uow.manager.query(
      `UPDATE sending_domains d
          SET status = v.status, status_changed_at = v.status_changed_at, modified_on = v.modified_on,
              consecutive_failures = v.consecutive_failures, check_attempts = v.check_attempts, last_checked_at = v.last_checked_at,
              verified_at = v.verified_at, next_check_at = v.next_check_at, provider_identity = v.provider_identity,
              provider_state = v.provider_state, provider_status = v.provider_status, lease_until = NULL, version = d.version + 1
         FROM jsonb_to_recordset($1::jsonb) AS v(id int, version int, status varchar, status_changed_at timestamptz, modified_on timestamptz,
              consecutive_failures int, check_attempts int, last_checked_at timestamptz, verified_at timestamptz, next_check_at timestamptz,
              provider_identity jsonb, provider_state varchar, provider_status jsonb)
        WHERE d.id = v.id AND d.version = v.version`,
      [JSON.stringify(rows)],
    )) as [unknown[], number];
    if (result[1] !== domains.length) {
      throw new DomainError('CONCURRENT_MODIFICATION', 'A domain of the batch was changed concurrently; retry', { ids: domains.map((d) => d.id) });
    }
  }

  async findByName(accountId: string, name: string): Promise<SendingDomain | null> {
    const row = await this.repo
      .createQueryBuilder('d')
      .where('d.account_id = :accountId AND d.name = :name AND d.deleted_on IS NULL', { accountId, name })
      .getOne();
    return row ? SendingDomainMapper.toDomain(row) : null;
  }

  async nameTaken(accountId: string, name: string): Promise<boolean> {
    const rows = (await this.uow.manager.query(`SELECT 1 FROM sending_domains WHERE account_id = $1 AND name = $2 AND deleted_on IS NULL LIMIT 1`, [accountId, name])) as unknown[];
    return rows.length > 0;
  }

  async findAnyById(id: number, options: { lock?: boolean } = {}): Promise<SendingDomain | null> {
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
    const qb = this.repo.createQueryBuilder('d').where('d.id = :id', { id });
    if (options.lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    return row ? SendingDomainMapper.toDomain(row) : null;
  }

  async countIdentityUsers(name: string, provider: string, exceptId: number): Promise<number> {
    // every region counted: an identity is never removed while any live registration of the name may use it
    const [row] = (await this.uow.manager.query(
      `SELECT count(*)::int AS n FROM sending_domains WHERE name = $1 AND provider = $2 AND deleted_on IS NULL AND id <> $3`,
      [name, provider, exceptId],
    )) as { n: number }[];
    return row!.n;
  }

  async claimReleases(now: Date, limit: number, leaseUntil: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.uow.manager.query(
      // a SELECT around the UPDATE: TypeORM answers a bare UPDATE … RETURNING with [rows, count]
      `WITH claimed AS (
         UPDATE sending_domains SET lease_until = $3
          WHERE id IN (SELECT id FROM sending_domains
                        WHERE provider_state = 'deprovision_pending' AND (lease_until IS NULL OR lease_until < $1)
                        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id)
       SELECT id FROM claimed ORDER BY id`,
      [now, limit, leaseUntil],
    );
    return rows.map((r) => r.id);
  }

  async lockAccount(accountId: string): Promise<void> {
    await this.uow.manager.query(`SELECT pg_advisory_xact_lock(hashtext('sending-domains:' || $1::text))`, [accountId]);
  }

  async clearDefault(accountId: string, exceptId = 0): Promise<void> {
    // the version moves too, so a concurrent writer holding the old row fails instead of restoring the flag
    await this.uow.manager.query(
      `UPDATE sending_domains SET is_default = false, version = version + 1
        WHERE account_id = $1 AND is_default AND deleted_on IS NULL AND id <> $2`,
      [accountId, exceptId],
    );
  }

  async renewLeases(ids: readonly number[], leaseUntil: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.manager.query(`UPDATE sending_domains SET lease_until = $2 WHERE id = ANY($1::int[]) AND lease_until IS NOT NULL`, [ids, leaseUntil]);
  }

  async releaseLeases(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.manager.query(`UPDATE sending_domains SET lease_until = NULL WHERE id = ANY($1::int[])`, [ids]);
  }

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.uow.manager.query(
      `WITH claimed AS (
         UPDATE sending_domains SET lease_until = $3
          WHERE id IN (
            SELECT id FROM sending_domains
             WHERE deleted_on IS NULL AND next_check_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
             ORDER BY next_check_at
             LIMIT $2
             FOR UPDATE SKIP LOCKED)
          RETURNING id, next_check_at)
       SELECT id FROM claimed ORDER BY next_check_at`,
      [now, limit, leaseUntil],
    );
    return rows.map((r) => r.id);
  }
}
