import { Injectable } from '@nestjs/common';
import { selectList, TypeOrmUnitOfWork } from '#shared-kernel';
import type { DkimKey, KeyState, Selector } from '../domain/dkim-key.js';
import { DkimKeyRepository } from '../domain/dkim-key.repository.port.js';
import { DkimKeyOrmEntity } from './dkim-key.orm-entity.js';

const COLUMNS = selectList(DkimKeyOrmEntity, 'k');

const toKey = (row: DkimKeyOrmEntity): DkimKey => ({
  id: row.id,
  accountId: row.accountId,
  selector: row.selector as Selector,
  state: row.state as KeyState,
  algorithm: 'rsa',
  bits: row.bits,
  publicKey: row.publicKey,
  privateKey: { kekId: row.kekId, sealed: row.privateKey },
  createdAt: row.createdAt,
  activeSince: row.activeSince,
  retiresAt: row.retiresAt,
});

const toRow = (key: DkimKey): DkimKeyOrmEntity =>
  Object.assign(new DkimKeyOrmEntity(), {
    id: key.id,
    accountId: key.accountId,
    selector: key.selector,
    state: key.state,
    algorithm: key.algorithm,
    bits: key.bits,
    publicKey: key.publicKey,
    privateKey: key.privateKey.sealed,
    kekId: key.privateKey.kekId,
    createdAt: key.createdAt,
    activeSince: key.activeSince,
    retiresAt: key.retiresAt,
  });

@Injectable()
export class TypeOrmDkimKeyRepository extends DkimKeyRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private query<T>(text: string, params: unknown[] = []): Promise<T> {
    return this.uow.manager.query(text, params) as Promise<T>;
  }

  async lockAccount(accountId: string): Promise<{ withdrawAfter: Date | null }> {
    await this.query(`INSERT INTO dkim_accounts (account_id, created_at) VALUES ($1, now()) ON CONFLICT (account_id) DO NOTHING`, [accountId]);
    const [row] = await this.query<{ withdraw_after: Date | null }[]>(`SELECT withdraw_after FROM dkim_accounts WHERE account_id = $1 FOR UPDATE`, [accountId]);
    return { withdrawAfter: row!.withdraw_after };
  }

  async lockExisting(accountId: string): Promise<boolean> {
    return (await this.query<unknown[]>(`SELECT 1 FROM dkim_accounts WHERE account_id = $1 FOR UPDATE`, [accountId])).length > 0;
  }

  async keysOf(accountId: string): Promise<DkimKey[]> {
    return (await this.query<DkimKeyOrmEntity[]>(`SELECT ${COLUMNS} FROM dkim_keys k WHERE k.account_id = $1 ORDER BY k.selector`, [accountId])).map(toKey);
  }

  async usage(accountId: string, domainId: number): Promise<{ hasKeys: boolean; isUser: boolean; withdrawAfter: Date | null }> {
    const [row] = await this.query<{ has_keys: boolean; is_user: boolean; withdraw_after: Date | null }[]>(
      `SELECT EXISTS (SELECT 1 FROM dkim_keys WHERE account_id = $1) AS has_keys,
              EXISTS (SELECT 1 FROM dkim_key_users WHERE account_id = $1 AND domain_id = $2) AS is_user,
              (SELECT withdraw_after FROM dkim_accounts WHERE account_id = $1) AS withdraw_after`,
      [accountId, domainId],
    );
    return { hasKeys: row!.has_keys, isUser: row!.is_user, withdrawAfter: row!.withdraw_after };
  }

  async keysAfter(afterAccount: string | null, accounts: number): Promise<DkimKey[]> {
    const rows = await this.query<DkimKeyOrmEntity[]>(
      `SELECT ${COLUMNS} FROM dkim_keys k
        WHERE k.account_id IN (SELECT account_id FROM dkim_accounts WHERE $1::uuid IS NULL OR account_id > $1::uuid ORDER BY account_id LIMIT $2)
        ORDER BY k.account_id, k.selector`,
      [afterAccount, accounts],
    );
    return rows.map(toKey);
  }

  async insertKeys(keys: readonly DkimKey[]): Promise<void> {
    await this.uow.insertRows(DkimKeyOrmEntity, keys.map(toRow));
  }

  async saveKeys(keys: readonly DkimKey[]): Promise<void> {
    await this.uow.updateRows(DkimKeyOrmEntity, keys.map(toRow), ['state', 'bits', 'publicKey', 'privateKey', 'kekId', 'createdAt', 'activeSince', 'retiresAt']);
  }

  async dueRotations(before: Date, limit: number): Promise<string[]> {
    const rows = await this.query<{ account_id: string }[]>(
      `SELECT a.account_id FROM dkim_accounts a
        WHERE a.withdraw_after IS NULL
          AND EXISTS (SELECT 1 FROM dkim_keys k WHERE k.account_id = a.account_id AND k.state = 'active' AND k.active_since <= $1)
          AND EXISTS (SELECT 1 FROM dkim_keys k WHERE k.account_id = a.account_id AND k.state = 'standby')
        ORDER BY a.account_id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`,
      [before, limit],
    );
    return rows.map((r) => r.account_id);
  }

  async dueRenewals(now: Date, limit: number): Promise<string[]> {
    const rows = await this.query<{ account_id: string }[]>(
      `SELECT a.account_id FROM dkim_accounts a
        WHERE EXISTS (SELECT 1 FROM dkim_keys k WHERE k.account_id = a.account_id AND k.state IN ('retiring', 'revoked') AND k.retires_at <= $1)
        ORDER BY a.account_id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => r.account_id);
  }

  async resealed(keys: readonly DkimKey[]): Promise<void> {
    await this.uow.updateRows(DkimKeyOrmEntity, keys.map(toRow), ['privateKey', 'kekId']);
  }

  async sealedWithOther(kekId: string, limit: number): Promise<DkimKey[]> {
    return (await this.query<DkimKeyOrmEntity[]>(`SELECT ${COLUMNS} FROM dkim_keys k WHERE k.kek_id <> $1 ORDER BY k.id LIMIT $2 FOR UPDATE SKIP LOCKED`, [kekId, limit])).map(toKey);
  }

  async addUser(accountId: string, domainId: number, at: Date): Promise<void> {
    await this.query(`INSERT INTO dkim_key_users (account_id, domain_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [accountId, domainId, at]);
  }

  async joinKept(accountId: string, domainId: number, at: Date): Promise<boolean> {
    const [row] = await this.query<{ kept: boolean }[]>(
      `WITH a AS (
         SELECT account_id FROM dkim_accounts
          WHERE account_id = $1 AND withdraw_after IS NULL AND EXISTS (SELECT 1 FROM dkim_keys k WHERE k.account_id = $1)
          FOR SHARE),
       joined AS (INSERT INTO dkim_key_users (account_id, domain_id, created_at) SELECT account_id, $2, $3 FROM a ON CONFLICT DO NOTHING)
       SELECT EXISTS (SELECT 1 FROM a) AS kept`,
      [accountId, domainId, at],
    );
    return row!.kept;
  }

  async removeUser(accountId: string, domainId: number): Promise<number> {
    await this.query(`DELETE FROM dkim_key_users WHERE account_id = $1 AND domain_id = $2`, [accountId, domainId]);
    const [row] = await this.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM dkim_key_users WHERE account_id = $1`, [accountId]);
    return row!.n;
  }

  async setWithdrawal(accountId: string, at: Date | null): Promise<void> {
    await this.query(`UPDATE dkim_accounts SET withdraw_after = $2 WHERE account_id = $1`, [accountId, at]);
  }

  async dueWithdrawals(now: Date, limit: number): Promise<string[]> {
    const rows = await this.query<{ account_id: string }[]>(
      `SELECT account_id FROM dkim_accounts WHERE withdraw_after <= $1 ORDER BY withdraw_after LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => r.account_id);
  }

  async deleteAccount(accountId: string): Promise<void> {
    await this.query(`DELETE FROM dkim_accounts WHERE account_id = $1`, [accountId]);
  }
}
