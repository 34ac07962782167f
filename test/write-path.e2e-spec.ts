/**
 * One owner per write, on real PostgreSQL: every change to a domain locks the domain row first
 * (several in id order), so PATCHes, deletes and re-registrations running against domains that two
 * scheduler instances verify all the time never deadlock; and only the claim, its renewal and the
 * verification write touch the scheduler's lease, so a PATCH never frees a claimed domain.
 */
import { CommandBus } from '@nestjs/cqrs';
import { pino } from 'pino';
import { ClaimDueDomainsCommand } from '#domains';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, expectedRecords, publish, SEED_ACCOUNT } from './support/domains.js';

const NATIVE = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;
const admin = auth(ADMIN_KEY);

/** A pino root logger whose lines are kept, to look for what the service logged. */
function capturedLogger(lines: string[]) {
  return pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
}

async function deadlocks(t: TestApp): Promise<number> {
  const [row] = await t.sql<{ n: string }>(`SELECT pg_stat_force_next_flush(), (SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()) AS n`);
  return Number(row!.n);
}

describe('write path under a sweeping scheduler', () => {
  let dns: TestDnsServer;
  let a: TestApp;
  let b: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    // both instances sweep several times a second; active domains are due again within a second
    const env = {
      DNS_SERVERS: dns.address,
      DNS_TIMEOUT_MS: '1000',
      VERIFICATION_SCHEDULER: 'on',
      VERIFICATION_TICK_SECONDS: '0.25',
      VERIFICATION_RETRY_BASE_SECONDS: '0.2',
      VERIFICATION_RECHECK_HOURS: '0.0001',
      VERIFICATION_CONCURRENCY: '4',
    };
    a = await startTestApp({ env, rootLogger: capturedLogger(logs) });
    b = await startTestApp({ env, databaseUrl: a.databaseUrl, rootLogger: capturedLogger(logs) });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await dns?.stop();
  });

  it('PATCH (trackingPrefix), DELETE and re-registration in a loop: no 5xx, no deadlock', async () => {
    const WORKERS = 6;
    const ROUNDS = 80;
    const before = await deadlocks(a);
    const statuses: number[] = [];
    const names = Array.from({ length: WORKERS }, (_, i) => `write-path-${i}.example.net`);
    for (const name of names) {
      publish(dns, ...expectedRecords(SEED_ACCOUNT, name));
      dns.set(`t1.${name}`, 'CNAME', 'track.email.cmtest.nl.');
      dns.set(`t2.${name}`, 'CNAME', 'track.email.cmtest.nl.');
    }
    const register = async (name: string) => {
      const res = await a.http.post(NATIVE).set(admin).send({ domain: name, trackingPrefix: 't1' });
      statuses.push(res.status);
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const ids = await Promise.all(names.map(register));
    await Promise.all(
      names.map(async (name, w) => {
        for (let round = 0; round < ROUNDS; round++) {
          const http = round % 2 ? a.http : b.http;
          if (round % 8 === 7) {
            const deleted = await http.delete(`${NATIVE}/${ids[w]}`).set(admin);
            statuses.push(deleted.status);
            ids[w] = await register(name);
          } else {
            const patched = await http.patch(`${NATIVE}/${ids[w]}`).set(admin).send({ trackingPrefix: round % 2 ? 't2' : 't1' });
            statuses.push(patched.status);
          }
        }
      }),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.length).toBe(WORKERS * (ROUNDS + 1) + WORKERS * Math.floor(ROUNDS / 8));
    // the schedulers were verifying meanwhile
    const [{ checked }] = await a.sql<{ checked: number }>(`SELECT count(*)::int AS checked FROM sending_domains WHERE last_checked_at IS NOT NULL`);
    expect(checked).toBeGreaterThan(0);
    expect(await deadlocks(a)).toBe(before);
    expect(logs.filter((line) => /deadlock/i.test(line))).toEqual([]);
  }, 120_000);
});

describe('the scheduler\'s claim', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a PATCH of a claimed domain keeps the claim: another instance does not take it', async () => {
    const created = await t.http.post(NATIVE).set(admin).send({ domain: 'claimed.example.net' }).expect(201);
    const id = created.body.id as number;
    const bus = t.app.get(CommandBus);
    expect(await bus.execute(new ClaimDueDomainsCommand(10, 60_000))).toEqual([id]);
    const [{ lease }] = await t.sql<{ lease: Date }>(`SELECT lease_until AS lease FROM sending_domains WHERE id = $1`, [id]);
    expect(lease).not.toBeNull();

    await t.http.patch(`${NATIVE}/${id}`).set(admin).send({ description: 'changed while claimed', trackingPrefix: 'links', isDefault: true }).expect(200);
    const [after] = await t.sql<{ lease: Date; description: string }>(`SELECT lease_until AS lease, description FROM sending_domains WHERE id = $1`, [id]);
    expect(after).toEqual({ lease, description: 'changed while claimed' });
    // what a second instance's claim would find: nothing
    expect(await bus.execute(new ClaimDueDomainsCommand(10, 60_000))).toEqual([]);
  });
});
