/**
 * The verification scheduler end to end (issue 3): real PostgreSQL (claims with FOR UPDATE SKIP
 * LOCKED and a lease column), real DNS over loopback, one or two whole application instances.
 * No timing assertions: waits poll with a generous deadline; rounds are driven with `tick()` where
 * the test must know exactly what ran.
 */
import pg from 'pg';
import { VerificationSchedulerTask } from '#verification';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestSmtpServer } from './support/smtp-server.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, CM, domainRow, expectedRecords, publish, registerDomain, SEED_ACCOUNT } from './support/domains.js';
import { mapLimited, waitFor } from './support/wait-for.js';

/** Loopback answers never time out here, however loaded the machine: a timeout would be a DNS error. */
const PATIENT_DNS = { DNS_TIMEOUT_MS: '5000', DNS_TRIES: '1' };

const lower = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** How often each name was asked, from the DNS server's query log. */
function queryCounts(dns: TestDnsServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const q of dns.queries) counts.set(lower(q.name), (counts.get(lower(q.name)) ?? 0) + 1);
  return counts;
}

describe('scheduler: on by itself', () => {
  let dns: TestDnsServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({
      env: {
        ...PATIENT_DNS,
        DNS_SERVERS: dns.address,
        VERIFICATION_SCHEDULER: 'on',
        VERIFICATION_TICK_SECONDS: '1',
        VERIFICATION_RETRY_BASE_SECONDS: '1',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('makes a correctly published new domain active within a few ticks, without any verify call', async () => {
    const domain = 'scheduled.example.net';
    publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    await registerDomain(t, ADMIN_KEY, { domain });
    const row = await waitFor('the scheduler to make it active', async () => {
      const r = await domainRow(t, domain);
      return r.status === 'active' ? r : undefined;
    });
    expect(row.last_checked_at).not.toBeNull();
    expect(row.lease_until).toBeNull();
    expect(row.next_check_at!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000); // active: re-checked in 24 h
  });

  it('re-checks a pending domain on its own and activates it once the records appear', async () => {
    const domain = 'published-later.example.net';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, ADMIN_KEY, { domain });
    await waitFor('a first scheduled check', async () => (await domainRow(t, domain)).last_checked_at !== null);
    expect((await domainRow(t, domain)).status).toBe('pending');

    publish(dns, ...records);
    await waitFor('the scheduler to make it active', async () => (await domainRow(t, domain)).status === 'active');
  });
});

describe('scheduler: two instances on one database', () => {
  const COUNT = 200;
  let dns: TestDnsServer;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    const env = { ...PATIENT_DNS, DNS_SERVERS: dns.address };
    a = await startTestApp({ env });
    b = await startTestApp({ env, databaseUrl: a.databaseUrl });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await dns?.stop();
  });

  it(`verify ${COUNT} due domains with no domain verified twice in one round`, async () => {
    const domains = Array.from({ length: COUNT }, (_, i) => `bulk-${String(i).padStart(3, '0')}.example.net`);
    const names = domains.flatMap((domain) => expectedRecords(SEED_ACCOUNT, domain).map((r) => lower(r.host)));
    for (const domain of domains) publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    // registered through both instances' API, a few at a time
    await mapLimited(domains, 8, (domain, i) => registerDomain(i % 2 ? b : a, ADMIN_KEY, { domain }));
    const [{ due }] = await a.sql<{ due: number }>(`SELECT count(*)::int AS due FROM sending_domains WHERE next_check_at <= now()`);
    expect(due).toBe(COUNT);

    dns.resetQueries();
    const schedulers = [a, b].map((t) => t.app.get(VerificationSchedulerTask));
    const perInstance = [0, 0];
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all(schedulers.map((s) => s.tick()));
      results.forEach((n, i) => (perInstance[i]! += n));
      const [{ left }] = await a.sql<{ left: number }>(`SELECT count(*)::int AS left FROM sending_domains WHERE next_check_at <= now()`);
      if (results.every((n) => n === 0) && left === 0) break;
    }

    expect(perInstance[0]! + perInstance[1]!).toBe(COUNT);
    const [summary] = await a.sql<{ active: number; checked: number; leased: number }>(
      `SELECT count(*) FILTER (WHERE status = 'active')::int AS active,
              count(*) FILTER (WHERE last_checked_at IS NOT NULL)::int AS checked,
              count(*) FILTER (WHERE lease_until IS NOT NULL)::int AS leased
         FROM sending_domains`,
    );
    expect(summary).toEqual({ active: COUNT, checked: COUNT, leased: 0 });
    const [{ valid }] = await a.sql<{ valid: number }>(`SELECT count(*)::int AS valid FROM dns_records WHERE status = 'valid'`);
    expect(valid).toBe(3 * COUNT);

    // each record name asked exactly once, and nothing else asked but the account's keys in the
    // provider zone, once per batch (its domains share them), not once per domain
    const keyNames = new Set(['cm1', 'cm2'].map((s) => `${SEED_ACCOUNT.replace(/-/g, '')}${s}._domainkey.email.cmtest.nl`));
    const keyQueries = dns.queries.filter((q) => keyNames.has(lower(q.name)));
    dns.queries.splice(0, dns.queries.length, ...dns.queries.filter((q) => !keyNames.has(lower(q.name))));
    const counts = queryCounts(dns);
    expect(dns.queries).toHaveLength(names.length);
    expect([...counts.keys()].sort()).toEqual([...names].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(keyQueries.every((q) => q.type === 'TXT')).toBe(true);
    expect(keyQueries.length).toBeLessThan(COUNT / 4);
    // and each domain became active exactly once, on one instance or the other: one status change each, written with the change
    const verifiedEvents = (await a.sql<{ id: number }>(`SELECT (payload->>'domainId')::int AS id FROM outbox_entries WHERE handler = 'status-email' AND type = 'domain.status_changed' AND payload->>'status' = 'active'`)).map((r) => r.id);
    expect(verifiedEvents).toHaveLength(COUNT);
    expect(new Set(verifiedEvents).size).toBe(COUNT);
  });
});

describe('scheduler: a backlog', () => {
  let dns: TestDnsServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    // concurrency 2: two pipelines of one lane, batches of 8, so a round is at most 8 batches (64 domains)
    t = await startTestApp({ env: { ...PATIENT_DNS, DNS_SERVERS: dns.address, VERIFICATION_CONCURRENCY: '2' } });
  });

  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('is worked through in rounds back to back, not one bounded round per tick', async () => {
    const domains = Array.from({ length: 150 }, (_, i) => `backlog-${String(i).padStart(3, '0')}.example.net`);
    for (const domain of domains) publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    await mapLimited(domains, 8, (domain) => registerDomain(t, ADMIN_KEY, { domain }));
    const scheduler = t.app.get(VerificationSchedulerTask);
    expect(await scheduler.tick()).toBe(64); // one round stops at its bound, due domains left
    expect(await scheduler.sweep()).toBe(86); // what a tick of the interval runs: rounds (two here) until none is due
    const [{ due, active }] = await t.sql<{ due: number; active: number }>(
      `SELECT count(*) FILTER (WHERE next_check_at <= now())::int AS due, count(*) FILTER (WHERE status = 'active')::int AS active FROM sending_domains`,
    );
    expect({ due, active }).toEqual({ due: 0, active: 150 });
    expect(await scheduler.sweep()).toBe(0);
    // a sweep that finds a round under way leaves it alone (it never waits in a loop on it)
    await t.sql(`UPDATE sending_domains SET next_check_at = now() - interval '1 minute'`);
    const round = scheduler.tick();
    expect(await scheduler.sweep()).toBe(0);
    expect(await round).toBe(64);
  });
});

describe('scheduler: leases and deleted domains', () => {
  let dns: TestDnsServer;
  let t: TestApp;
  let scheduler: VerificationSchedulerTask;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { ...PATIENT_DNS, DNS_SERVERS: dns.address } });
    scheduler = t.app.get(VerificationSchedulerTask);
  });

  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  /** Names of the domain asked since the last reset. */
  const askedAbout = (domain: string) => dns.queries.filter((q) => lower(q.name).endsWith(`.${domain}`));

  it('skips a domain leased by a dead instance until the lease is in the past, then claims it once', async () => {
    const leased = 'leased.example.net';
    const free = 'free.example.net';
    for (const domain of [leased, free]) {
      publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
      await registerDomain(t, ADMIN_KEY, { domain });
    }
    // the dead instance: claimed it (lease an hour ahead) and never finished; it is overdue
    const { id } = await domainRow(t, leased);
    await t.sql(`UPDATE sending_domains SET lease_until = now() + interval '1 hour', next_check_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    dns.resetQueries();

    expect(await scheduler.tick()).toBe(1); // the free one only
    expect((await domainRow(t, free)).status).toBe('active');
    expect(await domainRow(t, leased)).toMatchObject({ status: 'pending', last_checked_at: null });
    expect(askedAbout(leased)).toEqual([]);
    expect(await scheduler.tick()).toBe(0);

    // the lease lapses
    await t.sql(`UPDATE sending_domains SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(await scheduler.tick()).toBe(1);
    const row = await domainRow(t, leased);
    expect(row).toMatchObject({ status: 'active', lease_until: null });
    expect(row.last_checked_at).not.toBeNull();
    expect(askedAbout(leased)).toHaveLength(3);
    expect(await scheduler.tick()).toBe(0);
  });

  it('never claims a deleted domain, even overdue; a new registration of the name is claimed', async () => {
    const domain = 'deleted.example.net';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    publish(dns, ...records);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    const deleted = await t.http.delete(`${CM}/configuration/dns/domains/${id}`).set(auth(ADMIN_KEY));
    expect(deleted.status).toBe(200);
    // whatever the delete left in next_check_at: make it overdue
    await t.sql(`UPDATE sending_domains SET next_check_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    dns.resetQueries();

    expect(await scheduler.tick()).toBe(0);
    expect(askedAbout(domain)).toEqual([]);
    const [old] = await t.sql<{ status: string; lease_until: Date | null; last_checked_at: Date | null }>(
      `SELECT status, lease_until, last_checked_at FROM sending_domains WHERE id = $1`,
      [id],
    );
    expect(old).toEqual({ status: 'deleted', lease_until: null, last_checked_at: null });

    const again = await registerDomain(t, ADMIN_KEY, { domain });
    expect(again.id).not.toBe(id);
    expect(await scheduler.tick()).toBe(1);
    expect(await domainRow(t, domain)).toMatchObject({ id: again.id, status: 'active' });
    const [stillDeleted] = await t.sql<{ status: string; last_checked_at: Date | null }>(
      `SELECT status, last_checked_at FROM sending_domains WHERE id = $1`,
      [id],
    );
    expect(stillDeleted).toEqual({ status: 'deleted', last_checked_at: null });
  });
});

describe('scheduler: DNS failing during a sweep', () => {
  it('changes no state while DNS times out or answers SERVFAIL, and the next sweep after recovery verifies', async () => {
    const dns = await TestDnsServer.start();
    const t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '300', DNS_TRIES: '1', VERIFICATION_SCHEDULER: 'on', VERIFICATION_TICK_SECONDS: '3600' } });
    const scheduler = t.app.get(VerificationSchedulerTask);
    try {
      const domains = Array.from({ length: 20 }, (_, i) => `dns-fault-${i}.example.net`);
      for (const domain of domains) {
        publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
        await registerDomain(t, ADMIN_KEY, { domain });
      }
      expect(await scheduler.tick()).toBe(20);
      const snapshot = () => t.sql(`SELECT id, status, consecutive_failures, status_changed_at FROM sending_domains ORDER BY id`);
      const active = await snapshot();
      expect(active.every((r) => r.status === 'active')).toBe(true);

      // half the names time out (a server gone), half get SERVFAIL
      domains.forEach((domain, i) => expectedRecords(SEED_ACCOUNT, domain).forEach((r) => (i % 2 ? dns.blackhole(r.host) : dns.servfail(r.host))));
      for (let sweep = 0; sweep < 3; sweep++) {
        await t.sql(`UPDATE sending_domains SET next_check_at = now() - interval '1 minute'`);
        expect(await scheduler.tick()).toBe(20);
      }
      expect(await snapshot()).toEqual(active); // three sweeps of DNS errors: nothing counted, nothing changed
      const records = await t.sql<{ status: string }>(`SELECT DISTINCT status FROM dns_records`);
      expect(records).toEqual([{ status: 'error' }]);

      for (const domain of domains) expectedRecords(SEED_ACCOUNT, domain).forEach((r) => dns.healthy(r.host));
      await t.sql(`UPDATE sending_domains SET next_check_at = now() - interval '1 minute'`);
      expect(await scheduler.tick()).toBe(20);
      expect(await t.sql(`SELECT DISTINCT status FROM dns_records`)).toEqual([{ status: 'valid' }]);
      expect(await snapshot()).toEqual(active);
    } finally {
      await t.close();
      await dns.stop();
    }
  });
});

describe('scheduler: short leases, renewed while a batch runs', () => {
  it('keeps its claims past the lease while it still works on them, so no other instance takes them', async () => {
    const dns = await TestDnsServer.start();
    const env = { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '5000', DNS_TRIES: '1', VERIFICATION_LEASE_SECONDS: '3', VERIFICATION_CONCURRENCY: '1' };
    const a = await startTestApp({ env: { ...env, VERIFICATION_SCHEDULER: 'on', VERIFICATION_TICK_SECONDS: '3600' } });
    const b = await startTestApp({ env, databaseUrl: a.databaseUrl });
    try {
      const domains = ['lease-1.example.net', 'lease-2.example.net', 'lease-3.example.net'];
      for (const domain of domains) {
        publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
        await registerDomain(a, ADMIN_KEY, { domain });
      }
      dns.slow(1500); // one domain at a time, each at least 1.5 s: the batch outlives its 3-second lease
      const round = a.app.get(VerificationSchedulerTask).tick();
      // past the first lease, with domains still unverified: their claims were renewed
      await waitFor('the lease to have run out once', async () => {
        const [row] = await a.sql<{ late: boolean }>(`SELECT min(lease_until) IS NOT NULL AND now() > min(created_on) + interval '4 seconds' AS late FROM sending_domains WHERE last_checked_at IS NULL`);
        return row!.late;
      }, { intervalMs: 100 });
      const stillHeld = await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains WHERE last_checked_at IS NULL AND lease_until > now()`);
      expect(stillHeld[0]!.n).toBeGreaterThan(0);
      expect(await b.app.get(VerificationSchedulerTask).tick()).toBe(0); // the other instance finds nothing to claim
      expect(await round).toBe(3);
      expect(await a.sql(`SELECT count(*)::int AS n FROM sending_domains WHERE status = 'active' AND lease_until IS NULL`)).toEqual([{ n: 3 }]);
    } finally {
      await b.close();
      await a.close();
      await dns.stop();
    }
  });
});

describe('scheduler: shutdown', () => {
  let dns: TestDnsServer;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    smtp = await TestSmtpServer.start();
  });

  afterAll(async () => {
    await smtp?.stop();
    await dns?.stop();
  });

  async function countIn(databaseUrl: string, where: string): Promise<number> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains WHERE ${where}`);
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  }

  async function rowsIn<T extends object>(databaseUrl: string, text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  it('app.close() resolves while the scheduler is on and a round is running, and leaves no claim behind', async () => {
    const t = await startTestApp({
      env: {
        DNS_SERVERS: dns.address,
        DNS_TIMEOUT_MS: '300',
        DNS_TRIES: '1',
        VERIFICATION_SCHEDULER: 'on',
        VERIFICATION_TICK_SECONDS: '1',
        VERIFICATION_RETRY_BASE_SECONDS: '1',
        VERIFICATION_CONCURRENCY: '4',
      },
    });
    let closed = false;
    try {
      // slow domains: every name times out, so a round is still running when we close
      const domains = Array.from({ length: 12 }, (_, i) => `slow-${i}.example.net`);
      for (const domain of domains) {
        for (const record of expectedRecords(SEED_ACCOUNT, domain)) dns.blackhole(record.host);
        await registerDomain(t, ADMIN_KEY, { domain });
      }
      await waitFor('a scheduler round to be under way', () => dns.queries.length > 0);
      await t.close();
      closed = true;
    } finally {
      if (!closed) await t.close();
    }
    // what the instance left once closed: no claim held, the round's work stored
    expect(await countIn(t.databaseUrl, 'lease_until IS NOT NULL')).toBe(0);
    expect(await countIn(t.databaseUrl, 'last_checked_at IS NOT NULL')).toBeGreaterThan(0);
  });

  it('app.close() during a round: checks under way finish and notify, the rest of the batch is given back at once', async () => {
    const COUNT = 100;
    const t = await startTestApp({
      env: {
        ...PATIENT_DNS,
        DNS_SERVERS: dns.address,
        SMTP_URL: smtp.url,
        VERIFICATION_SCHEDULER: 'on',
        VERIFICATION_TICK_SECONDS: '3600', // armed, but the round below is the only one
        VERIFICATION_CONCURRENCY: '1',
      },
    });
    const domains = Array.from({ length: COUNT }, (_, i) => `closing-${String(i).padStart(3, '0')}.example.net`);
    let round: Promise<number> | undefined;
    try {
      for (const domain of domains) publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
      await mapLimited(domains, 8, (domain) => registerDomain(t, ADMIN_KEY, { domain, emailAddress: `owner@${domain}` }));
      dns.slow(30); // one domain at a time, 30 ms each: the round is still checking when close() comes
      dns.resetQueries();
      round = t.app.get(VerificationSchedulerTask).tick();
      await waitFor('the round to be checking domains', () => dns.queries.length >= 6, { intervalMs: 5 });
    } finally {
      await t.close();
      dns.slow(0);
    }
    const verified = await round!;
    // the premise: close() began while the round was still checking
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThan(COUNT);
    // what it had started, it finished; what it had not, it gave back (no lease left to lapse)
    const active = await rowsIn<{ name: string }>(t.databaseUrl, `SELECT name FROM sending_domains WHERE status = 'active'`);
    expect(active).toHaveLength(verified);
    expect(await countIn(t.databaseUrl, 'lease_until IS NOT NULL')).toBe(0);
    expect(await countIn(t.databaseUrl, `status = 'pending' AND last_checked_at IS NULL AND next_check_at <= now()`)).toBe(COUNT - verified);
    // every pending → active change told its owner, shutdown or not
    await waitFor(() => `${verified} notification mails (${smtp.messages.length} arrived)`, () => active.every(({ name }) => smtp.to(`owner@${name}`).length >= 1));
    for (const { name } of active) expect(smtp.to(`owner@${name}`).map((m) => m.subject)).toEqual([expect.stringContaining(`${name} is now active`)]);
    expect(smtp.messages).toHaveLength(verified);
  });
});
