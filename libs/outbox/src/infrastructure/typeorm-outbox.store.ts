import { Injectable } from '@nestjs/common';
import { selectList, TypeOrmUnitOfWork } from '#shared-kernel';
import { type NewOutboxEntry, type OutboxEntry, type OutboxHandlerState, type OutboxStats, OutboxStore } from '../domain/outbox-store.port.js';
import { OutboxEntryOrmEntity } from './outbox-entry.orm-entity.js';

const ENTRY = selectList(OutboxEntryOrmEntity, 'e', ['id', 'eventId', 'handler', 'type', 'version', 'payload', 'occurredAt', 'createdAt', 'attempts']);

/** `outbox_entries`, in plain SQL: every statement is one short round trip. */
@Injectable()
export class TypeOrmOutboxStore extends OutboxStore {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async insert(entries: readonly NewOutboxEntry[]): Promise<number[]> {
    const rows = entries.map((e) => ({ ...e, state: 'pending', attempts: 0, nextAttemptAt: e.createdAt }));
    return ((await this.uow.insertRows(OutboxEntryOrmEntity, rows, 'id')) as (number | string)[]).map(Number);
  }

  async claim(now: Date, limit: number, leaseUntil: Date, ids?: readonly number[]): Promise<OutboxEntry[]> {
    const only = ids ? 'AND id = ANY($4::bigint[])' : '';
    const rows = (await this.uow.manager.query(
      `WITH claimed AS (
         UPDATE outbox_entries SET lease_until = $3, attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox_entries
                        WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1) ${only}
                        ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING *)
       SELECT ${ENTRY} FROM claimed e ORDER BY e.next_attempt_at, e.id`,
      ids ? [now, limit, leaseUntil, ids] : [now, limit, leaseUntil],
    )) as OutboxEntry[];
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async renew(ids: readonly number[], leaseUntil: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.manager.query(`UPDATE outbox_entries SET lease_until = $2 WHERE id = ANY($1::bigint[]) AND state = 'pending'`, [ids, leaseUntil]);
  }

  async delivered(ids: readonly number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.manager.query(`UPDATE outbox_entries SET state = 'delivered', delivered_at = $2, lease_until = NULL, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids, at]);
  }

  async failed(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.uow.manager.query(
      `UPDATE outbox_entries SET last_error = $2, lease_until = NULL,
              state = CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
              next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
        WHERE id = $1`,
      [id, error.slice(0, 2000), retryAt],
    );
  }

  async retryFailedNow(handler: string, now: Date): Promise<number> {
    const rows = (await this.uow.manager.query(
      `WITH moved AS (UPDATE outbox_entries SET next_attempt_at = $2 WHERE state = 'pending' AND next_attempt_at > $2 AND handler = $1 AND last_error IS NOT NULL RETURNING 1)
       SELECT count(*)::int AS n FROM moved`,
      [handler, now],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  async nextDueAt(): Promise<Date | null> {
    const [row] = (await this.uow.manager.query(`SELECT min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at))) AS at FROM outbox_entries WHERE state = 'pending'`)) as { at: Date | null }[];
    return row?.at ?? null;
  }

  async prune(before: Date): Promise<number> {
    const rows = (await this.uow.manager.query(
      `WITH gone AS (DELETE FROM outbox_entries WHERE id IN (SELECT id FROM outbox_entries WHERE state = 'delivered' AND delivered_at < $1 LIMIT 5000) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  async handlerState(handler: string): Promise<OutboxHandlerState> {
    const [row] = (await this.uow.manager.query(
      `SELECT (SELECT count(*)::int FROM outbox_entries WHERE handler = $1 AND state = 'pending') AS pending,
              (SELECT last_error FROM outbox_entries WHERE handler = $1 AND state = 'pending' AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1) AS last_error,
              (SELECT max(delivered_at) FROM outbox_entries WHERE handler = $1 AND state = 'delivered') AS last_delivered`,
      [handler],
    )) as { pending: number; last_error: string | null; last_delivered: Date | null }[];
    return { pending: row!.pending, lastError: row!.last_error, lastDeliveredAt: row!.last_delivered };
  }

  async stats(): Promise<OutboxStats> {
    const [row] = (await this.uow.manager.query(
      `SELECT (SELECT coalesce(json_object_agg(state, n), '{}'::json) FROM (SELECT state, count(*)::int AS n FROM outbox_entries GROUP BY state) s) AS by_state,
              (SELECT min(created_at) FROM outbox_entries WHERE state = 'pending') AS oldest`,
    )) as { by_state: OutboxStats['byState']; oldest: Date | null }[];
    return { byState: row!.by_state, oldestPendingAt: row!.oldest };
  }
}
