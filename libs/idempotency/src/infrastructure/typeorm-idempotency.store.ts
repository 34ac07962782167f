import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '#shared-kernel';
import { IdempotencyStore, type KeyClaim, type StoredAnswer } from '../domain/idempotency-store.port.js';

interface Row {
  fingerprint: string;
  status: number | null;
  body: unknown;
}

/** TypeORM answers an INSERT … RETURNING with [rows, count]. */
const rowCount = (result: unknown[]) => (Array.isArray(result[0]) ? (result[0] as unknown[]).length : result.length);

/** Keys in `idempotency_keys`; a claim is one INSERT … ON CONFLICT, so two racing requests never both run. */
@Injectable()
export class TypeOrmIdempotencyStore extends IdempotencyStore {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async claim(owner: string, key: string, fingerprint: string, now: Date, ttlMs: number): Promise<KeyClaim> {
    const expires = new Date(now.getTime() + ttlMs);
    for (;;) {
      // an expired key is taken over as if new
      const claimed = (await this.uow.manager.query(
        `INSERT INTO idempotency_keys (owner, key, fingerprint, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (owner, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, status = NULL, body = NULL
           WHERE idempotency_keys.expires_at <= $4
         RETURNING 1`,
        [owner, key, fingerprint, now, expires],
      )) as unknown[];
      if (rowCount(claimed) > 0) return { kind: 'claimed' };
      // held by another request: read it in a statement of its own, whose snapshot sees that request's commit
      const [row] = (await this.uow.manager.query(`SELECT fingerprint, status, body FROM idempotency_keys WHERE owner = $1 AND key = $2`, [owner, key])) as Row[];
      if (!row) continue; // given up in between: claim it again
      if (row.status === null) return { kind: 'in-progress', fingerprint: row.fingerprint };
      return { kind: 'replay', fingerprint: row.fingerprint, answer: { status: row.status, body: row.body } };
    }
  }

  async complete(owner: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.uow.manager.query(`UPDATE idempotency_keys SET status = $3, body = $4 WHERE owner = $1 AND key = $2`, [owner, key, answer.status, JSON.stringify(answer.body ?? null)]);
  }

  async release(owner: string, key: string): Promise<void> {
    await this.uow.manager.query(`DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND status IS NULL`, [owner, key]);
  }

  async purge(now: Date): Promise<number> {
    const rows = (await this.uow.manager.query(`WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [now])) as { n: number }[];
    return rows[0]!.n;
  }
}
