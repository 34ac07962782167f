import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, TypeOrmUnitOfWork } from '#shared-kernel';
import { IdempotencyStore, type KeyClaim, type StoredAnswer } from '../domain/idempotency-store.port.js';

interface Row {
  fingerprint: string;
  status: number | null;
  body: unknown;
}

/** TypeORM answers an INSERT … RETURNING with [rows, count], an UPDATE with [rows, count]. */
const rowCount = (result: unknown[]) => (Array.isArray(result[0]) ? (result[0] as unknown[]).length : result.length);

/** Keys in `idempotency_keys`; a claim is one INSERT … ON CONFLICT, so two racing requests never both run. */
@Injectable()
export class TypeOrmIdempotencyStore extends IdempotencyStore {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async claim(owner: string, key: string, fingerprint: string, now: Date, ttlMs: number, leaseUntil: Date): Promise<KeyClaim> {
    const expires = new Date(now.getTime() + ttlMs);
    const claim = randomUUID();
    for (;;) {
      // taken over as if new: an expired key, or one whose run died without an answer (its lease is over)
      const claimed = (await this.uow.manager.query(
        `INSERT INTO idempotency_keys (owner, key, fingerprint, created_at, expires_at, claim, lease_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (owner, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
               claim = EXCLUDED.claim, lease_until = EXCLUDED.lease_until, status = NULL, body = NULL
           WHERE idempotency_keys.expires_at <= $4
              OR (idempotency_keys.status IS NULL AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
                  AND (idempotency_keys.lease_until IS NULL OR idempotency_keys.lease_until <= $4))
         RETURNING 1`,
        [owner, key, fingerprint, now, expires, claim, leaseUntil],
      )) as unknown[];
      if (rowCount(claimed) > 0) return { kind: 'claimed', claim };
      // held by another request: read it in a statement of its own, whose snapshot sees that request's commit
      const [row] = (await this.uow.manager.query(`SELECT fingerprint, status, body FROM idempotency_keys WHERE owner = $1 AND key = $2`, [owner, key])) as Row[];
      if (!row) continue; // given up in between: claim it again
      if (row.status === null) return { kind: 'in-progress', fingerprint: row.fingerprint };
      return { kind: 'replay', fingerprint: row.fingerprint, answer: { status: row.status, body: row.body } };
    }
  }

  async renew(owner: string, key: string, claim: string, leaseUntil: Date): Promise<void> {
    await this.uow.manager.query(`UPDATE idempotency_keys SET lease_until = $4 WHERE owner = $1 AND key = $2 AND claim = $3 AND status IS NULL`, [owner, key, claim, leaseUntil]);
  }

  async complete(owner: string, key: string, claim: string, answer: StoredAnswer): Promise<void> {
    const result = (await this.uow.manager.query(
      `UPDATE idempotency_keys SET status = $4, body = $5, lease_until = NULL WHERE owner = $1 AND key = $2 AND claim = $3 AND status IS NULL`,
      [owner, key, claim, answer.status, JSON.stringify(answer.body ?? null)],
    )) as [unknown[], number];
    if (result[1] !== 1) {
      throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'This request took longer than its hold on the Idempotency-Key and a retry took it over; its change was not kept');
    }
  }

  async release(owner: string, key: string, claim: string): Promise<void> {
    await this.uow.manager.query(`DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND claim = $3 AND status IS NULL`, [owner, key, claim]);
  }

  async purge(now: Date): Promise<number> {
    const rows = (await this.uow.manager.query(`WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [now])) as { n: number }[];
    return rows[0]!.n;
  }
}
