import { TypeOrmUnitOfWork } from '#shared-kernel';
import { DnsRecordOrmEntity } from '../libs/dns-records/src/infrastructure/dns-record.orm-entity.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { registerDomain, SEED_ACCOUNT } from './support/domains.js';

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
