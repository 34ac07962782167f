/**
 * The built-in provider's DKIM keys and the provider zone, on real PostgreSQL and a real DNS
 * server: keys made once per account however many registrations race, sealed at rest and never
 * shown, the zone they make (and who may read it), withdrawal after the account's last domain,
 * a change of key-encryption key, and the DKIM check that follows the customer's CNAMEs into it.
 */
import { createDecipheriv, createHash, createPublicKey } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { ADMIN_KEY, startTestApp, TEST_KEK, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { expectAnswerNotStored } from './support/failing-answers.js';
import { auth, expectedRecords, publish, registerDomain, verify } from './support/domains.js';
import { serveProviderZone } from './support/signing.js';
import { waitFor } from './support/wait-for.js';

const admin = auth(ADMIN_KEY);
const native = (account: string) => `/api/v1/accounts/${account}/domains`;
const label = (account: string) => account.replace(/-/g, '');

interface KeyRow {
  account_id: string;
  selector: string;
  state: string;
  bits: number;
  public_key: string;
  private_key: string;
  kek_id: string;
}

/** Opens a sealed private key the way the format is documented (iv ‖ ciphertext ‖ tag, AAD `dkim:<account>:<selector>`), independently of the service's code. */
function openSealed(kekBase64: string, row: KeyRow): string {
  const raw = Buffer.from(row.private_key, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(kekBase64, 'base64'), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(`dkim:${row.account_id}:${row.selector}`));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}

const kekIdOf = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex').slice(0, 16);

describe('DKIM keys of the built-in provider', () => {
  let dns: TestDnsServer;
  let t: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({
      env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', PROVIDER_SENDING_IPS: '192.0.2.7, 198.51.100.0/24' },
      rootLogger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  const keysOf = (account: string) => t.sql<KeyRow>(`SELECT account_id, selector, state, bits, public_key, private_key, kek_id FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [account]);

  it('20 concurrent first registrations in one account make its two keys once: cm1 active, cm2 standby', async () => {
    const account = '1a2b3c4d-0000-4000-8000-000000000020';
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => t.http.post(native(account)).set(admin).send({ domain: `race-${i}.example.org` })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const keys = await keysOf(account);
    expect(keys.map((k) => [k.selector, k.state, k.bits])).toEqual([
      ['cm1', 'active', 1024],
      ['cm2', 'standby', 1024],
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM dkim_key_users WHERE account_id = $1`, [account])).toEqual([{ n: 20 }]);
  });

  it("once the account has keys, a new domain joins them holding the account's row in share mode: beside another joining, not past a release", async () => {
    const account = '1a2b3c4d-0000-4000-8000-000000000021';
    await t.http.post(native(account)).set(admin).send({ domain: 'join-first.example.org' }).expect(201);
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      // another domain joining holds the row in share mode: this registration does not wait for it
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM dkim_accounts WHERE account_id = $1 FOR SHARE`, [account]);
      await t.http.post(native(account)).set(admin).send({ domain: 'join-beside.example.org' }).expect(201);
      await other.query('ROLLBACK');

      // a release that removes the last user holds the row for update and plans the withdrawal: the
      // registration waits for it, then sees the withdrawal planned and calls it off
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM dkim_accounts WHERE account_id = $1 FOR UPDATE`, [account]);
      await other.query(`DELETE FROM dkim_key_users WHERE account_id = $1`, [account]);
      await other.query(`UPDATE dkim_accounts SET withdraw_after = now() + interval '1 hour' WHERE account_id = $1`, [account]);
      let registered = false;
      const registering = t.http.post(native(account)).set(admin).send({ domain: 'join-after.example.org' }).then((r) => ((registered = true), r));
      await waitFor('the registration waiting on the row', async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%dkim_accounts%'`))[0]!.n > 0);
      expect(registered).toBe(false);
      await other.query('COMMIT');
      expect((await registering).status).toBe(201);
      expect(await t.sql(`SELECT withdraw_after FROM dkim_accounts WHERE account_id = $1`, [account])).toEqual([{ withdraw_after: null }]);
      expect(await t.sql(`SELECT count(*)::int AS n FROM dkim_key_users WHERE account_id = $1`, [account])).toEqual([{ n: 1 }]);
      expect((await keysOf(account)).map((k) => k.selector)).toEqual(['cm1', 'cm2']);
    } finally {
      await other.end();
    }
  });

  it('a private key is sealed at rest (AES-256-GCM under the KEK), opens to the key whose public half is published, and is in no log, answer or outbox entry', async () => {
    const account = '1a2b3c4d-0000-4000-8000-000000000021';
    const registered = await t.http.post(native(account)).set(admin).send({ domain: 'sealed.example.org' }).expect(201);
    const keys = await keysOf(account);
    for (const key of keys) {
      // sealed: no PEM, and no DER in base64 (it begins MII…); "MII" may occur by chance inside the ciphertext
      expect(key.private_key).not.toMatch(/PRIVATE KEY|^MII/);
      expect(key.kek_id).toBe(kekIdOf(TEST_KEK));
      const pem = openSealed(TEST_KEK, key);
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(key.public_key);
      const body = pem.split('\n').slice(1, 3).join('');
      const everywhere = [JSON.stringify(registered.body), logs.join('\n'), JSON.stringify(await t.sql(`SELECT payload FROM outbox_entries`))].join('\n');
      expect(everywhere).not.toContain(body);
      expect(everywhere).not.toContain(key.private_key);
    }
  });

  it('the provider zone: each account\'s two keys, its return-path MX and SPF, and the SPF include with the sending addresses; readable only with Provider_Manage on every account', async () => {
    const account = '1a2b3c4d-0000-4000-8000-000000000022';
    await t.http.post(native(account)).set(admin).send({ domain: 'zone.example.org' }).expect(201);
    const [cm1, cm2] = await keysOf(account);
    const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body;
    expect(zone).toMatchObject({ zone: 'email.cmtest.nl', publisher: 'none', publication: { state: 'off', lastPublishedAt: null, lastError: null, pending: 0 } });
    expect(zone.records[0]).toEqual({ host: '_spf.email.cmtest.nl', type: 'TXT', ttl: 300, value: 'v=spf1 ip4:192.0.2.7 ip4:198.51.100.0/24 -all' });
    const own = zone.records.filter((r: { host: string }) => r.host.startsWith(label(account)));
    expect(own).toEqual([
      { host: `${label(account)}cm1._domainkey.email.cmtest.nl`, type: 'TXT', ttl: 300, value: `v=DKIM1; k=rsa; p=${cm1!.public_key}` },
      { host: `${label(account)}cm2._domainkey.email.cmtest.nl`, type: 'TXT', ttl: 300, value: `v=DKIM1; k=rsa; p=${cm2!.public_key}` },
      { host: `${label(account)}.email.cmtest.nl`, type: 'MX', ttl: 300, value: '10 bounces.email.cmtest.nl.' },
      { host: `${label(account)}.email.cmtest.nl`, type: 'TXT', ttl: 300, value: 'v=spf1 include:_spf.email.cmtest.nl -all' },
    ]);
    const file = (await t.http.get('/api/v1/provider-zone/zone-file').set(admin).expect(200)).text;
    expect(file).toContain(`${label(account)}.email.cmtest.nl.\t300\tIN\tMX\t10 bounces.email.cmtest.nl.`);
    expect(file).toContain(`${label(account)}cm1._domainkey.email.cmtest.nl.\t300\tIN\tTXT\t"v=DKIM1; k=rsa; p=`);

    const oneAccount = await t.createKey([account]);
    const forbidden = await t.http.get('/api/v1/provider-zone').set(auth(oneAccount)).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('every account') });
    await t.http.get('/api/v1/provider-zone/zone-file').set(auth(oneAccount)).expect(403);
    const withoutPermission = await t.createKey(['*'], ['EmailConfiguration_Read']);
    await t.http.get('/api/v1/provider-zone').set(auth(withoutPermission)).expect(403);
    await t.http.get('/api/v1/provider-zone').expect(401);
  });

  it('the DKIM check reads the keys behind the CNAMEs: reported per selector, and (without a publisher) DNS of the CNAMEs alone decides', async () => {
    const account = '1a2b3c4d-0000-4000-8000-000000000023';
    const domain = 'behind.example.org';
    const created = await t.http.post(native(account)).set(admin).send({ domain, spf: false, dmarc: false }).expect(201);
    publish(dns, ...expectedRecords(account, domain));
    const first = (await t.http.post(`${native(account)}/${created.body.id}/verify`).set(admin).expect(200)).body;
    expect(first.status).toBe('active');
    expect(first.checks.dkim.details.providerKeys).toEqual({ cm1: 'missing', cm2: 'missing' });
    // the zone served as it should: both published; one stale
    const [cm1, cm2] = await keysOf(account);
    // one record of two character-strings, as a key over 255 bytes is published
    const txt = `v=DKIM1; k=rsa; p=${cm1!.public_key}`;
    dns.set(`${label(account)}cm1._domainkey.email.cmtest.nl`, 'TXT', [txt.slice(0, 255), txt.slice(255)]);
    dns.set(`${label(account)}cm2._domainkey.email.cmtest.nl`, 'TXT', `v=DKIM1; k=rsa; p=${cm2!.public_key.slice(0, 40)}`);
    const second = (await t.http.post(`${native(account)}/${created.body.id}/verify`).set(admin).expect(200)).body;
    expect(second.checks.dkim.details.providerKeys).toEqual({ cm1: 'published', cm2: 'stale' });
    expect(second.status).toBe('active');
  });

  it("records copied from another account's settings are three mismatches that say so, never asked of DNS inside our zone", async () => {
    const mine = '1a2b3c4d-0000-4000-8000-000000000024';
    const other = '1a2b3c4d-0000-4000-8000-0000000000ff';
    const domain = 'copied.example.org';
    await registerDomain(t, ADMIN_KEY, { domain, accountId: mine });
    // at my names, the targets of another account
    for (const [i, record] of expectedRecords(mine, domain).entries()) dns.set(record.host, 'CNAME', expectedRecords(other, domain)[i]!.value);
    dns.resetQueries();
    const res = await verify(t, ADMIN_KEY, domain, mine);
    expect(res.status).toBe(200);
    expect(res.body.dnsEntries.map((e: { isValid: boolean }) => e.isValid)).toEqual([false, false, false]);
    const records = (await t.http.get(`${native(mine)}?search=copied`).set(admin).expect(200)).body.items[0].dnsRecords;
    const dkimAndReturnPath = records.filter((r: { purpose: string }) => r.purpose === 'dkim' || r.purpose === 'returnPath');
    expect(dkimAndReturnPath.map((r: { status: string }) => r.status)).toEqual(['mismatch', 'mismatch', 'mismatch']);
    for (const r of dkimAndReturnPath) expect(r.diagnosis).toContain('belongs to another account');
    expect(dns.queries.filter((q) => q.name.toLowerCase().endsWith('email.cmtest.nl') && q.type === 'CNAME')).toEqual([]);
  });

  it('a rotation with an Idempotency-Key stores its answer in the transaction that rotates: when storing it fails nothing rotates (503, Retry-After); a retry rotates once, and the next replays that answer', async () => {
    const account = '1a2b3c4d-0000-4000-8000-000000000025';
    const rotate = `/api/v1/accounts/${account}/dkim/rotate`;
    await t.http.post(native(account)).set(admin).send({ domain: 'rotate-once.example.org' }).expect(201);
    // the zone served, as a publisher would: the standby may take over
    await serveProviderZone(t, dns, account);
    const states = () => t.sql<{ selector: string; state: string; xmin: string }>(`SELECT selector, state, xmin::text AS xmin FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [account]);
    const rotations = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_entries WHERE type = 'dkim.rotated' AND payload::text LIKE $1`, [`%${account}%`]))[0]!.n;
    const post = () => t.http.post(rotate).set(admin).set('Idempotency-Key', 'rotate-in-tx').send({});

    await expectAnswerNotStored(t, 'rotate-in-tx', () => post());
    // rolled back with its answer: the keys as they were, no event, the Idempotency-Key free
    expect((await states()).map((k) => [k.selector, k.state])).toEqual([
      ['cm1', 'active'],
      ['cm2', 'standby'],
    ]);
    expect(await rotations()).toBe(0);
    expect(await t.sql(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'rotate-in-tx'`)).toEqual([{ n: 0 }]);
    expect(logs.some((l) => l.includes(`DKIM keys of account ${account} rotated`))).toBe(false);

    const first = await post().expect(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body.selectors.map((s: { selector: string; state: string; publishedInDns: string }) => [s.selector, s.state, s.publishedInDns])).toEqual([
      ['cm1', 'retiring', 'published'],
      ['cm2', 'active', 'published'],
    ]);
    const again = await post().expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body); // the first answer, not a second rotation (nor its 409: no standby left)
    const after = await states();
    expect(after.map((k) => [k.selector, k.state])).toEqual([
      ['cm1', 'retiring'],
      ['cm2', 'active'],
    ]);
    expect(await rotations()).toBeGreaterThan(0);
    // the answer was written by the transaction that rotated
    expect(await t.sql(`SELECT status, xmin::text AS xmin FROM idempotency_keys WHERE key = 'rotate-in-tx'`)).toEqual([{ status: 202, xmin: after[0]!.xmin }]);
    expect(after[1]!.xmin).toBe(after[0]!.xmin);
  });
});

describe('DKIM keys: withdrawal and a change of key-encryption key', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it("the account's last domain deleted: after DKIM_RETIRE_HOURS its keys are deleted and its names leave the zone; while another domain uses them they stay", async () => {
    t = await startTestApp({ env: { DKIM_RETIRE_HOURS: '0.0003', VERIFICATION_TICK_SECONDS: '0.2' } });
    const account = '1a2b3c4d-0000-4000-8000-000000000030';
    const a = (await t.http.post(native(account)).set(admin).send({ domain: 'keep-a.example.org' }).expect(201)).body.id;
    const b = (await t.http.post(native(account)).set(admin).send({ domain: 'keep-b.example.org' }).expect(201)).body.id;
    const keys = () => t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM dkim_keys WHERE account_id = $1`, [account]);
    await t.http.delete(`${native(account)}/${a}`).set(admin).expect(200);
    // b still uses them: a withdrawal is not even planned
    expect(await t.sql(`SELECT withdraw_after FROM dkim_accounts WHERE account_id = $1`, [account])).toEqual([{ withdraw_after: null }]);
    expect(await keys()).toEqual([{ n: 2 }]);
    await t.http.delete(`${native(account)}/${b}`).set(admin).expect(200);
    await waitFor('the keys withdrawn', async () => (await keys())[0]!.n === 0);
    const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body;
    expect(zone.records.filter((r: { host: string }) => r.host.includes(label(account)))).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM dkim_accounts WHERE account_id = $1`, [account])).toEqual([{ n: 0 }]);
  });

  it('a new KEK with the old one as DKIM_KEY_ENCRYPTION_KEY_PREVIOUS: at start every key is sealed again under the new one', async () => {
    t = await startTestApp();
    const account = '1a2b3c4d-0000-4000-8000-000000000031';
    await t.http.post(native(account)).set(admin).send({ domain: 'rekey.example.org' }).expect(201);
    const databaseUrl = t.databaseUrl;
    const before = await t.sql<KeyRow>(`SELECT account_id, selector, state, bits, public_key, private_key, kek_id FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [account]);
    await t.close();
    const next = Buffer.from('another-kek-0123456789abcdefghij').toString('base64');
    t = await startTestApp({ databaseUrl, env: { DKIM_KEY_ENCRYPTION_KEY: next, DKIM_KEY_ENCRYPTION_KEY_PREVIOUS: TEST_KEK } });
    const after = await t.sql<KeyRow>(`SELECT account_id, selector, state, bits, public_key, private_key, kek_id FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [account]);
    expect(after.map((k) => k.kek_id)).toEqual([kekIdOf(next), kekIdOf(next)]);
    expect(after.map((k) => openSealed(next, k))).toEqual(before.map((k) => openSealed(TEST_KEK, k)));
  });
});

describe('DKIM_ROTATION_DAYS=0: keys are rotated only on request', () => {
  let dns: TestDnsServer;
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('the scheduler never rotates an account whose active key has signed for years, and nextRotationAt is null; a rotation on request still works', async () => {
    dns = await TestDnsServer.start();
    // ticks of 0.2 s: the maintenance runs often; any rotation at all would be due
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', DKIM_ROTATION_DAYS: '0', VERIFICATION_TICK_SECONDS: '0.2' } });
    const account = '1a2b3c4d-0000-4000-8000-000000000040';
    const marker = '1a2b3c4d-0000-4000-8000-000000000041';
    await t.http.post(native(account)).set(admin).send({ domain: 'never-rotated.example.org' }).expect(201);
    await t.http.post(native(marker)).set(admin).send({ domain: 'ticks.example.org' }).expect(201);
    const keys = (id: string) => t.sql<{ selector: string; state: string; public_key: string }>(`SELECT selector, state, public_key FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [id]);
    const first = await keys(account);
    // the standby served (a rotation would not be refused) and the active key signing for 1000 days
    await serveProviderZone(t, dns, account);
    await t.sql(`UPDATE dkim_keys SET active_since = now() - interval '1000 days', created_at = now() - interval '1000 days' WHERE account_id = $1`, [account]);
    expect((await t.http.get(`/api/v1/accounts/${account}/dkim`).set(admin).expect(200)).body.nextRotationAt).toBeNull();

    // proof that the maintenance ticks: twice, the marker account's retired cm2 gets a fresh standby key (a tick renews, then rotates)
    for (let round = 0; round < 2; round++) {
      const before = (await keys(marker)).find((k) => k.selector === 'cm2')!.public_key;
      await t.sql(`UPDATE dkim_keys SET state = 'retiring', retires_at = now() - interval '1 second' WHERE account_id = $1 AND selector = 'cm2'`, [marker]);
      await waitFor('the marker renewed by a tick', async () => {
        const cm2 = (await keys(marker)).find((k) => k.selector === 'cm2')!;
        return cm2.state === 'standby' && cm2.public_key !== before;
      });
    }
    expect(await keys(account)).toEqual(first); // cm1 still active, cm2 still standby, the same keys
    expect(await t.sql(`SELECT count(*)::int AS n FROM outbox_entries WHERE type = 'dkim.rotated'`)).toEqual([{ n: 0 }]);
    const view = (await t.http.get(`/api/v1/accounts/${account}/dkim`).set(admin).expect(200)).body;
    expect(view.nextRotationAt).toBeNull();
    expect(view.selectors.map((s: { state: string }) => s.state)).toEqual(['active', 'standby']);

    // on request it rotates as ever
    const rotated = (await t.http.post(`/api/v1/accounts/${account}/dkim/rotate`).set(admin).send({}).expect(202)).body;
    expect(rotated.selectors.map((s: { state: string }) => s.state)).toEqual(['retiring', 'active']);
  });
});
