import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { type AccountScope, DomainError, selectList, TypeOrmUnitOfWork } from '#shared-kernel';
import type { SendingDomain } from '../domain/sending-domain.entity.js';
import { SendingDomainRepository } from '../domain/sending-domain.repository.port.js';
import { SendingDomainMapper, type SendingDomainRow, STATE_COLUMNS } from './sending-domain.mapper.js';
import { SendingDomainOrmEntity } from './sending-domain.orm-entity.js';

const UNIQUE_VIOLATION = '23505';
/** What any change of a domain writes: its whole state (never the lease). */
const CHANGED_COLUMNS = STATE_COLUMNS.filter((c) => c !== 'id' && c !== 'version' && c !== 'accountId' && c !== 'createdOn');
/** What a verification changes; it also ends the scheduler's claim on the domain. */
const VERIFICATION_COLUMNS = [
  'status', 'statusChangedAt', 'modifiedOn', 'consecutiveFailures', 'checkAttempts', 'lastCheckedAt', 'verifiedAt', 'nextCheckAt',
  'providerIdentity', 'providerState', 'providerStatus',
] as const satisfies readonly (keyof SendingDomainRow)[];
const COLUMNS = selectList(SendingDomainOrmEntity, 'd', STATE_COLUMNS);

@Injectable()
export class TypeOrmSendingDomainRepository extends SendingDomainRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async nextId(): Promise<number> {
    const [row] = await this.uow.manager.query(`SELECT nextval('sending_domains_id_seq')::int AS id`);
    return row.id as number;
  }

  async insert(domain: SendingDomain): Promise<void> {
    try {
      await this.uow.insertRows(SendingDomainOrmEntity, [SendingDomainMapper.toRow(domain)]);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError('DOMAIN_EXISTS', 'Domain already exists for this account', { domain: domain.name });
      }
      throw error;
    }
  }

  async update(domain: SendingDomain): Promise<void> {
    const changed = await this.uow.updateRows(SendingDomainOrmEntity, [SendingDomainMapper.toRow(domain)], CHANGED_COLUMNS, { guard: 'version', extraSet: 'version = t.version + 1' });
    if (changed !== 1) {
      throw new DomainError('CONCURRENT_MODIFICATION', 'The domain was changed concurrently; retry', { id: domain.id });
    }
  }

  /** One statement over the state's columns; `lock`: FOR UPDATE (callers lock in id order). */
  private async select(where: string, params: unknown[], options: { lock?: boolean; order?: boolean } = {}): Promise<SendingDomain[]> {
    const rows = (await this.uow.manager.query(
      `SELECT ${COLUMNS} FROM sending_domains d WHERE ${where}${options.order ? ' ORDER BY d.id' : ''}${options.lock ? ' FOR UPDATE' : ''}`,
      params,
    )) as SendingDomainRow[];
    return rows.map((row) => SendingDomainMapper.toDomain(row));
  }

  async findById(id: number, scope: AccountScope, options: { lock?: boolean } = {}): Promise<SendingDomain | null> {
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
    if (scope.all) return (await this.select('d.id = $1 AND d.deleted_on IS NULL', [id], options))[0] ?? null;
    if (scope.accountIds.length === 0) return null;
    return (await this.select('d.id = $1 AND d.deleted_on IS NULL AND d.account_id = ANY($2::uuid[])', [id, [...scope.accountIds]], options))[0] ?? null;
  }

  async findManyByIds(ids: readonly number[], options: { lock?: boolean } = {}): Promise<SendingDomain[]> {
    if (ids.length === 0) return [];
    return this.select('d.id = ANY($1::int[]) AND d.deleted_on IS NULL', [[...ids]], { ...options, order: true });
  }

  async updateVerifications(domains: readonly SendingDomain[]): Promise<void> {
    if (domains.length === 0) return;
    // one statement for the whole batch; the version guards against a writer that did not lock (rows are locked here)
    const changed = await this.uow.updateRows(SendingDomainOrmEntity, domains.map((d) => SendingDomainMapper.toRow(d)), [...VERIFICATION_COLUMNS], {
      guard: 'version',
      extraSet: 'lease_until = NULL, version = t.version + 1',
    });
    if (changed !== domains.length) {
      throw new DomainError('CONCURRENT_MODIFICATION', 'A domain of the batch was changed concurrently; retry', { ids: domains.map((d) => d.id) });
    }
  }

  async lockForDefaultSwitch(accountId: string, domainId: number): Promise<void> {
    await this.uow.manager.query(
      `SELECT id FROM sending_domains WHERE account_id = $1 AND deleted_on IS NULL AND (id = $2 OR is_default) ORDER BY id FOR UPDATE`,
      [accountId, domainId],
    );
  }

  async findByName(accountId: string, name: string): Promise<SendingDomain | null> {
    return (await this.select('d.account_id = $1 AND d.name = $2 AND d.deleted_on IS NULL', [accountId, name]))[0] ?? null;
  }

  async nameTaken(accountId: string, name: string): Promise<boolean> {
    const rows = (await this.uow.manager.query(`SELECT 1 FROM sending_domains WHERE account_id = $1 AND name = $2 AND deleted_on IS NULL LIMIT 1`, [accountId, name])) as unknown[];
    return rows.length > 0;
  }

  async findAnyById(id: number, options: { lock?: boolean } = {}): Promise<SendingDomain | null> {
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
    return (await this.select('d.id = $1', [id], options))[0] ?? null;
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

  async findDefaults(accountId: string, exceptId: number, options: { lock?: boolean } = {}): Promise<SendingDomain[]> {
    return this.select('d.account_id = $1 AND d.is_default AND d.deleted_on IS NULL AND d.id <> $2', [accountId, exceptId], { ...options, order: true });
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
