/**
 * The verification engine end to end (issue 3): seed 000's verify route over the whole application,
 * on a real PostgreSQL database, resolving through node:dns against an authoritative DNS server on
 * loopback, and notifying over real SMTP. Nothing is mocked; nothing is timed: asynchronous effects
 * (notification e-mails) are awaited with a polling deadline.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import {
  auth,
  CM,
  domainRow,
  expectedRecords,
  listedIsValid,
  publish,
  recordRows,
  registerDomain,
  SEED_ACCOUNT,
  verify,
} from './support/domains.js';
import { closedPort, TestSmtpServer } from './support/smtp-server.js';
import { waitFor } from './support/wait-for.js';

const OTHER_ACCOUNT = '5c0ffee0-1234-4abc-8def-0123456789ab';

/** The domain's status changes as the outbox holds them, oldest first: `from→to`. */
async function statusChanges(t: TestApp, domainId: number): Promise<string[]> {
  const rows = await t.sql<{ change: string }>(
    `SELECT (payload->>'previousStatus') || '→' || (payload->>'status') AS change FROM outbox_entries
      WHERE handler = 'status-email' AND type = 'domain.status_changed' AND (payload->>'domainId')::int = $1 ORDER BY occurred_at, id`,
    [domainId],
  );
  return rows.map((r) => r.change);
}
/** Generous for a loopback answer even on a loaded machine; a blackholed name costs about twice this. */
const DNS_ENV = { DNS_TIMEOUT_MS: '1000', DNS_TRIES: '1' };

const validity = (body: { dnsEntries: { isValid: boolean }[] }) => body.dnsEntries.map((e) => e.isValid);

describe('verification end to end (seed 000 verify route, real DNS, PostgreSQL and SMTP)', () => {
  let dns: TestDnsServer;
  let smtp: TestSmtpServer;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    smtp = await TestSmtpServer.start();
    t = await startTestApp({ env: { ...DNS_ENV, DNS_SERVERS: dns.address, SMTP_URL: smtp.url } });
    key = await t.createKey([SEED_ACCOUNT]);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await dns?.stop();
  });

  /** Verifies and fails the test unless the route answers 200 in seed 000's envelope. */
  async function verifyOk(domain: string) {
    const res = await verify(t, key, domain);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 'Ok', message: 'Success' });
    return res.body as { dnsEntries: { host: string; type: string; value: string; isValid: boolean }[] };
  }

  it('partial, then complete (upper-case target, no trailing dot), then broken for three checks, then repaired', async () => {
    const domain = 'flow.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const registered = await registerDomain(t, key, { domain });
    expect(registered.isValid).toBe(false);
    expect(registered.dnsRecords).toEqual(records.map((r) => ({ ...r, isValid: false })));

    // two of the three published: per-record answers in the seed's order, domain still pending
    publish(dns, records[0]!, records[1]!);
    const partial = await verifyOk(domain);
    expect(partial.dnsEntries).toEqual([
      { ...records[0], isValid: true },
      { ...records[1], isValid: true },
      { ...records[2], isValid: false },
    ]);
    const pending = await domainRow(t, domain);
    expect(pending.status).toBe('pending');
    expect(pending.last_checked_at).not.toBeNull();
    let rows = await recordRows(t, pending.id);
    expect(rows.map((r) => r.status)).toEqual(['valid', 'valid', 'missing']);
    expect(rows.map((r) => r.is_valid)).toEqual([true, true, false]);
    expect(rows[0]!.found_values).toEqual([records[0]!.value.replace(/\.$/, '')]);
    expect(rows[0]!.diagnosis).toBeNull();
    expect(rows[2]!.found_values).toEqual([]);
    expect(rows[2]!.diagnosis).toMatch(/^[A-Z].*\.$/); // a sentence
    expect(rows[2]!.diagnosis).toContain(records[2]!.host);
    expect(rows.every((r) => r.last_checked_at !== null)).toBe(true);
    expect(await listedIsValid(t, key, domain)).toBe(false);

    // the third published the way some DNS hosts show it: upper case, no trailing dot
    const shouted = records[2]!.value.replace(/\.$/, '').toUpperCase();
    dns.set(records[2]!.host, 'CNAME', shouted);
    expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
    expect((await domainRow(t, domain)).status).toBe('active');
    rows = await recordRows(t, pending.id);
    expect(rows.map((r) => r.status)).toEqual(['valid', 'valid', 'valid']);
    expect(rows[2]!.found_values).toEqual([shouted]); // as served
    expect(rows[2]!.diagnosis).toBeNull();
    expect(await listedIsValid(t, key, domain)).toBe(true);

    // one record removed: active for two checks (hysteresis), failed at the third
    dns.remove(records[1]!.host);
    for (const check of [1, 2]) {
      expect(validity(await verifyOk(domain))).toEqual([true, false, true]);
      const row = await domainRow(t, domain);
      expect({ check, status: row.status, failures: row.consecutive_failures }).toEqual({ check, status: 'active', failures: check });
      expect(await listedIsValid(t, key, domain)).toBe(true);
    }
    expect(validity(await verifyOk(domain))).toEqual([true, false, true]);
    expect((await domainRow(t, domain)).status).toBe('failed');
    expect((await recordRows(t, pending.id))[1]).toMatchObject({ status: 'missing', is_valid: false });
    expect(await listedIsValid(t, key, domain)).toBe(false);

    // put back: failed → active
    publish(dns, records[1]!);
    expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
    const repaired = await domainRow(t, domain);
    expect(repaired).toMatchObject({ status: 'active', consecutive_failures: 0 });
    expect(await listedIsValid(t, key, domain)).toBe(true);
  });

  it('a SERVFAIL on one name never changes an active domain, even after 5 checks; healthy again, it is valid', async () => {
    const domain = 'servfail.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, key, { domain });
    publish(dns, ...records);
    expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
    const active = await domainRow(t, domain);
    expect(active.status).toBe('active');

    dns.servfail(records[2]!.host);
    for (let check = 1; check <= 5; check++) {
      // isValid keeps its last known value: an error says nothing about the record
      expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
      const row = await domainRow(t, domain);
      expect({ check, status: row.status, failures: row.consecutive_failures }).toEqual({ check, status: 'active', failures: 0 });
      const third = (await recordRows(t, active.id))[2]!;
      expect(third).toMatchObject({ status: 'error', is_valid: true });
      expect(third.diagnosis).toContain('SERVFAIL');
      expect(await listedIsValid(t, key, domain)).toBe(true);
    }

    dns.healthy(records[2]!.host);
    expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
    expect((await domainRow(t, domain)).status).toBe('active');
    expect((await recordRows(t, active.id)).map((r) => r.status)).toEqual(['valid', 'valid', 'valid']);
  });

  it('DNS errors neither count towards the three failures nor reset them', async () => {
    const domain = 'errors-between.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, key, { domain });
    publish(dns, ...records);
    await verifyOk(domain);
    expect((await domainRow(t, domain)).status).toBe('active');

    dns.remove(records[0]!.host);
    await verifyOk(domain); // failure 1
    dns.servfail(records[0]!.host);
    for (let i = 0; i < 4; i++) await verifyOk(domain); // errors: no count, no reset
    expect(await domainRow(t, domain)).toMatchObject({ status: 'active', consecutive_failures: 1 });
    dns.healthy(records[0]!.host);
    await verifyOk(domain); // failure 2
    expect(await domainRow(t, domain)).toMatchObject({ status: 'active', consecutive_failures: 2 });
    await verifyOk(domain); // failure 3
    expect((await domainRow(t, domain)).status).toBe('failed');
  });

  it('a record published at the doubled zone name gets a diagnosis naming where it was found', async () => {
    const domain = 'doubled.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, key, { domain });
    publish(dns, records[0]!, records[1]!);
    const doubled = `${records[2]!.host}.${domain}`;
    dns.set(doubled, 'CNAME', records[2]!.value);

    expect(validity(await verifyOk(domain))).toEqual([true, true, false]);
    const row = await domainRow(t, domain);
    expect(row.status).toBe('pending');
    const third = (await recordRows(t, row.id))[2]!;
    expect(third.status).toBe('missing');
    expect(third.diagnosis).toContain(doubled);
    // and it tells the customer what to type instead
    expect(third.diagnosis).toContain(records[2]!.host.slice(0, -(domain.length + 1)));
  });

  it('a DNS timeout is an `error` and never fails a pending domain, even past the verification window', async () => {
    const domain = 'timeout.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, key, { domain });
    publish(dns, records[0]!, records[1]!);
    dns.blackhole(records[2]!.host);
    // pending for longer than VERIFICATION_WINDOW_HOURS (72 h)
    const { id } = await domainRow(t, domain);
    await t.sql(`UPDATE sending_domains SET status_changed_at = now() - interval '100 hours' WHERE id = $1`, [id]);

    for (let check = 1; check <= 2; check++) {
      expect(validity(await verifyOk(domain))).toEqual([true, true, false]);
      expect((await domainRow(t, domain)).status).toBe('pending');
      const third = (await recordRows(t, id))[2]!;
      expect(third).toMatchObject({ status: 'error', is_valid: false, found_values: [] });
      expect(third.diagnosis).toContain('TIMEOUT');
    }

    // control: the same domain with the record conclusively missing does fail (the window is past)
    dns.healthy(records[2]!.host);
    expect(validity(await verifyOk(domain))).toEqual([true, true, false]);
    expect((await domainRow(t, domain)).status).toBe('failed');
    expect((await recordRows(t, id))[2]!.status).toBe('missing');
  });

  it('wrong values and a wrong type: found values stored, status mismatch/missing, a diagnosis for each', async () => {
    const domain = 'mistakes.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, key, { domain });
    // one character wrong in the account part
    const typo = records[0]!.value.replace('903e1cef', '903e1cff').replace(/\.$/, '');
    dns.set(records[0]!.host, 'CNAME', typo);
    // entered without the final dot: the DNS host appended the customer's domain
    const appended = `${records[1]!.value}${domain}`;
    dns.set(records[1]!.host, 'CNAME', appended);
    // the CNAME's value published as a TXT record
    dns.set(records[2]!.host, 'TXT', records[2]!.value);

    expect(validity(await verifyOk(domain))).toEqual([false, false, false]);
    const row = await domainRow(t, domain);
    expect(row.status).toBe('pending');
    const [first, second, third] = await recordRows(t, row.id);
    expect(first).toMatchObject({ status: 'mismatch', is_valid: false, found_values: [typo] });
    expect(first!.diagnosis).toContain(typo);
    expect(first!.diagnosis).toContain(records[0]!.value);
    expect(second).toMatchObject({ status: 'mismatch', is_valid: false, found_values: [appended] });
    expect(second!.diagnosis).toContain(`"${domain}"`);
    expect(third).toMatchObject({ status: 'missing', is_valid: false, found_values: [] });
    expect(third!.diagnosis).toMatch(/TXT/);
    expect(third!.diagnosis).toMatch(/CNAME/);

    // fixed, it verifies
    publish(dns, ...records);
    expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
    expect((await recordRows(t, row.id)).map((r) => [r.status, r.diagnosis])).toEqual([
      ['valid', null],
      ['valid', null],
      ['valid', null],
    ]);
  });

  it('concurrent verifications of one domain lose no update and change its state once', async () => {
    const domain = 'concurrent.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, key, { domain });
    publish(dns, ...records);
    const first = await Promise.all(Array.from({ length: 8 }, () => verify(t, key, domain)));
    expect(first.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect((await domainRow(t, domain)).status).toBe('active');

    // three checks that find a record gone, all at once: each one counts
    dns.remove(records[2]!.host);
    const second = await Promise.all(Array.from({ length: 3 }, () => verify(t, key, domain)));
    expect(second.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await domainRow(t, domain)).toMatchObject({ status: 'failed', consecutive_failures: 3 });
    expect(await statusChanges(t, id)).toEqual(['pending→active', 'active→failed']);
  });

  describe('errors on the verify route, in the seed envelope, changing nothing', () => {
    const domain = 'guarded.example.org';
    let domainId: number;

    beforeAll(async () => {
      await registerDomain(t, key, { domain });
      publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
      domainId = (await domainRow(t, domain)).id;
    });

    afterEach(async () => {
      const row = await domainRow(t, domain);
      expect(row).toMatchObject({ status: 'pending', last_checked_at: null });
      expect((await recordRows(t, domainId)).map((r) => r.status)).toEqual(['unchecked', 'unchecked', 'unchecked']);
    });

    const notFound = { statusCode: 'InvalidRequest', message: 'Domain not found or not configured for this account', dnsEntries: [] };

    it('a name the account does not have → 400', async () => {
      const res = await verify(t, key, 'not-registered.example.org');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(notFound);
    });

    it('a name registered under another account → the same 400', async () => {
      const res = await verify(t, ADMIN_KEY, domain, OTHER_ACCOUNT);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(notFound);
    });

    it('a key scoped to another account → the same 400', async () => {
      const otherKey = await t.createKey([OTHER_ACCOUNT]);
      const res = await verify(t, otherKey, domain);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(notFound);
    });

    it('a key without EmailConfiguration_Create → 401', async () => {
      const readOnly = await t.createKey([SEED_ACCOUNT], ['EmailConfiguration_Read', 'EmailConfiguration_Update', 'EmailConfiguration_Delete']);
      const res = await verify(t, readOnly, domain);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 'Unauthorized', message: 'Access denied - insufficient permissions', dnsEntries: [] });
    });

    it('no key → 401', async () => {
      const res = await t.http.post(`${CM}/dns/accounts/${SEED_ACCOUNT}/verify`).query({ domain });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 'Unauthorized', dnsEntries: [] });
    });
  });

  describe('events and notification e-mails', () => {
    it('exactly one mail per status change, to the registered address, naming the domain and the new status; none otherwise', async () => {
      const domain = 'notify.example.org';
      const owner = 'postmaster@notify.example.org';
      const records = expectedRecords(SEED_ACCOUNT, domain);
      const { id } = await registerDomain(t, key, { domain, emailAddress: owner });
      const mails = () => smtp.to(owner);
      // each check's record validity, host by host, to see where a record flipped
      const checks: boolean[][] = [];
      const check = async () => void checks.push(validity(await verifyOk(domain)));

      // pending, nothing published: checks that change nothing
      await check();
      await check();
      // pending → active
      publish(dns, ...records);
      await check();
      await waitFor('the pending → active mail', () => mails().length >= 1);
      // active and valid, then active with a record gone for two checks: still no change
      await check();
      await check();
      dns.remove(records[0]!.host);
      await check();
      await check();
      expect((await domainRow(t, domain)).status).toBe('active');
      // active → failed at the third
      await check();
      await waitFor('the active → failed mail', () => mails().length >= 2);
      // failed stays failed: no change
      await check();
      await check();
      // failed → active
      publish(dns, records[0]!);
      await check();
      await waitFor('the failed → active mail', () => mails().length >= 3);

      // Each wait above was a barrier for the checks before it: a mail for any of them would be there.
      const received = mails();
      expect(received.map((m) => m.subject)).toEqual([
        expect.stringMatching(/active/i),
        expect.stringMatching(/failed/i),
        expect.stringMatching(/active/i),
      ]);
      for (const mail of received) {
        expect(mail.subject).toContain(domain);
        expect(mail.to).toEqual([owner]);
        expect(mail.headers['to']).toContain(owner);
      }
      expect(received[0]!.body).toMatch(/pending/);
      expect(received[1]!.body).toMatch(/active/);
      expect(smtp.about(domain)).toHaveLength(3); // nobody else was told about it

      // record flips: all three became valid; one went missing; it came back
      const flips = checks.flatMap((now, i) => {
        const before = i === 0 ? now.map(() => false) : checks[i - 1]!;
        const changed = records.flatMap((r, j) => (now[j] === before[j] ? [] : [`${r.host}:${now[j]}`]));
        return changed.length > 0 ? [changed] : [];
      });
      expect(flips).toEqual([records.map((r) => `${r.host}:true`), [`${records[0]!.host}:false`], [`${records[0]!.host}:true`]]);
      // the events behind the mails, written once each, delivered once each
      expect(await statusChanges(t, id)).toEqual(['pending→active', 'active→failed', 'failed→active']);
      expect(await t.sql(`SELECT state, attempts FROM outbox_entries WHERE handler = 'status-email' AND (payload->>'domainId')::int = $1`, [id])).toEqual(Array(3).fill({ state: 'delivered', attempts: 1 }));
    });

    it('an SMTP server that rejects the message never fails the verification', async () => {
      const domain = 'smtp-rejects.example.org';
      const owner = 'owner@smtp-rejects.example.org';
      await registerDomain(t, key, { domain, emailAddress: owner });
      publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
      smtp.failWith(554);
      try {
        expect(validity(await verifyOk(domain))).toEqual([true, true, true]);
        await waitFor('the rejected delivery attempt', () => smtp.rejected.some((m) => m.to.includes(owner)));
      } finally {
        smtp.accept();
      }
      expect((await domainRow(t, domain)).status).toBe('active');
      expect(await listedIsValid(t, key, domain)).toBe(true);
      expect(smtp.to(owner)).toEqual([]);
    });
  });
});

describe('verification with the SMTP server down', () => {
  let dns: TestDnsServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { ...DNS_ENV, DNS_SERVERS: dns.address, SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` } });
  });

  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('status changes still succeed and are stored; the app keeps answering', async () => {
    const domain = 'no-smtp.example.org';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, ...records);

    const first = await verify(t, ADMIN_KEY, domain);
    expect(first.status).toBe(200);
    expect(validity(first.body)).toEqual([true, true, true]);
    expect((await domainRow(t, domain)).status).toBe('active');

    // and the next change (active → failed, three checks later) too
    dns.remove(records[0]!.host);
    for (let i = 0; i < 3; i++) expect((await verify(t, ADMIN_KEY, domain)).status).toBe(200);
    expect((await domainRow(t, domain)).status).toBe('failed');
    const health = await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(auth(ADMIN_KEY));
    expect(health.status).toBe(200);
  });
});
