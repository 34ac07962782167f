import { randomUUID } from 'node:crypto';
import { Outbox, TRANSACTION_ATTEMPTS, TypeOrmUnitOfWork } from '#shared-kernel';
import { DnsRecordOrmEntity } from '../libs/dns-records/src/infrastructure/dns-record.orm-entity.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { registerDomain, SEED_ACCOUNT } from './support/domains.js';
import { waitFor } from './support/wait-for.js';

/** TypeOrmUnitOfWork.insertRows: the plain INSERT that stores a registration's domain and records. */
describe('unit of work: insertRows', () => {
  let t: TestApp;
  let uow: TypeOrmUnitOfWork;
  let domainId: number;
  const accountId = SEED_ACCOUNT;

  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(TypeOrmUnitOfWork);
    domainId = (await registerDomain(t, ADMIN_KEY, { domain: 'insert-rows.example.com' })).id;
  });
  afterAll(() => t.close());

  const row = (position: number, extra: Partial<DnsRecordOrmEntity> = {}): Partial<DnsRecordOrmEntity> => ({
    domainId,
    accountId,
    position,
    purpose: 'tracking',
    type: 'CNAME',
    host: `t${position}.insert-rows.example.com`,
    value: 'track.example.net',
    priority: null,
    required: false,
    status: 'unchecked',
    isValid: false,
    foundValues: [],
    checkAttempts: 0,
    createdAt: new Date('2026-11-24T10:00:00.123Z'),
    ...extra,
  });

  it('stores every row in one statement, generated ids back in the rows\' order, JSON arrays as JSON, a column some rows leave out as null', async () => {
    const ids = (await uow.insertRows(DnsRecordOrmEntity, [
      row(10, { foundValues: ['a.example.net.', 'b.example.net.'] }),
      row(11, { details: { why: 'set on this row only' } }),
      row(12),
    ], 'id')) as number[];
    expect(ids).toHaveLength(3);
    const stored = await t.sql<{ id: number; position: number; found_values: unknown; details: unknown; created_at: Date }>(
      `SELECT id, position, found_values, details, created_at FROM dns_records WHERE domain_id = $1 AND position >= 10 ORDER BY position`,
      [domainId],
    );
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect(stored.map((r) => [r.position, r.found_values, r.details])).toEqual([
      [10, ['a.example.net.', 'b.example.net.'], null],
      [11, [], { why: 'set on this row only' }],
      [12, [], null],
    ]);
    expect(stored[0]!.created_at.toISOString()).toBe('2026-11-24T10:00:00.123Z');
  });

  it('joins the current transaction: a rollback leaves nothing', async () => {
    await expect(
      uow.run(async () => {
        await uow.insertRows(DnsRecordOrmEntity, [row(20)]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.sql(`SELECT 1 FROM dns_records WHERE domain_id = $1 AND position = 20`, [domainId])).toEqual([]);
  });
});

/**
 * TypeOrmUnitOfWork.run against real conflicts: PostgreSQL aborts one of two transactions that
 * lock rows in opposite orders (40P01); the unit of work runs it again, and what the aborted try
 * wrote (an outbox entry too) is gone with it.
 */
describe('unit of work: transactions aborted by a conflict', () => {
  let t: TestApp;
  let uow: TypeOrmUnitOfWork;
  let ids: number[];

  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(TypeOrmUnitOfWork);
    ids = [];
    for (const domain of ['lock-a.example.com', 'lock-b.example.com']) ids.push((await registerDomain(t, ADMIN_KEY, { domain })).id);
  });
  afterAll(() => t.close());

  it('a deadlock is retried: both transactions commit, the loser once more, and its aborted try leaves nothing', async () => {
    const outbox = t.app.get(Outbox);
    let tries = 0;
    let bothLocked!: () => void;
    const firstLocks = new Promise<void>((resolve) => (bothLocked = resolve));
    let locked = 0;
    const lockInOrder = (order: number[], note: string) =>
      uow.run(async () => {
        tries++;
        await uow.manager.query(`UPDATE sending_domains SET description = $2 WHERE id = $1`, [order[0], note]);
        await outbox.add([{ id: randomUUID(), type: 'domain.status_changed', version: 1, occurredAt: new Date(), data: { domainId: order[0], note } }]);
        if (++locked === 2) bothLocked();
        await firstLocks; // each holds its first row while it asks for the other's
        await uow.manager.query(`UPDATE sending_domains SET description = $2 WHERE id = $1`, [order[1], note]);
      });
    const deadlocksBefore = await deadlocks(t);
    await Promise.all([lockInOrder([ids[0]!, ids[1]!], 'forwards'), lockInOrder([ids[1]!, ids[0]!], 'backwards')]);
    // PostgreSQL detected it and aborted one; that one ran again and committed
    await waitFor('the deadlock in the statistics', async () => (await deadlocks(t)) > deadlocksBefore);
    const notes = await t.sql<{ id: number; description: string }>(`SELECT id, description FROM sending_domains WHERE id = ANY($1) ORDER BY id`, [ids]);
    expect(new Set(notes.map((n) => n.description)).size).toBe(1); // one of them wrote both rows last
    const entries = await t.sql<{ note: string }>(`SELECT payload->>'note' AS note FROM outbox_entries WHERE handler = 'status-email' ORDER BY id`);
    expect(entries.map((e) => e.note).sort()).toEqual(['backwards', 'forwards']); // one entry per committed transaction
    expect(tries).toBe(3); // two transactions, one of them twice
  });

  it('gives up after a few tries with the conflict itself (which the surfaces answer 503)', async () => {
    let tries = 0;
    const conflict = Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });
    await expect(
      uow.run(async () => {
        tries++;
        throw conflict;
      }),
    ).rejects.toBe(conflict);
    expect(tries).toBe(TRANSACTION_ATTEMPTS);
  });
});

async function deadlocks(t: TestApp): Promise<number> {
  const [row] = await t.sql<{ n: string }>(`SELECT pg_stat_force_next_flush(), (SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()) AS n`);
  return Number(row!.n);
}
