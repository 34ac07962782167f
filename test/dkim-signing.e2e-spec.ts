/**
 * Signing for the platform's MTA, the key export routes (the list, and rspamd's Vault route) and
 * rotation, on real PostgreSQL and a real DNS server serving the provider zone. Signatures are
 * checked here with mailauth's verifier against that DNS server; `npm run test:mail` checks them
 * with an implementation we did not write (dkimpy), and rspamd signing through the Vault route.
 */
import { createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import pino from 'pino';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, expectedRecords, publish } from './support/domains.js';
import { message, serveProviderZone, signature } from './support/signing.js';

const require = createRequire(import.meta.url);
const admin = auth(ADMIN_KEY);
const ACCOUNT = '0d1c2b3a-0000-4000-8000-00000000516e';
const ACCT = ACCOUNT.replace(/-/g, '');
const OTHER = '0d1c2b3a-0000-4000-8000-0000000051ff';
const API = `/api/v1/accounts/${ACCOUNT}/domains`;
const ZONE = 'email.cmtest.nl';


/** A DKIM verifier (mailauth's) that asks our DNS server. */
async function verifyDkim(dns: TestDnsServer, signed: Buffer): Promise<{ status: string; selector: string }[]> {
  const { dkimVerify } = require('mailauth/lib/dkim/verify') as { dkimVerify: (m: Buffer, o: unknown) => Promise<{ results: { status: { result: string }; selector: string }[] }> };
  const { Resolver } = await import('node:dns/promises');
  const resolver = new Resolver();
  resolver.setServers([dns.address]);
  const result = await dkimVerify(signed, { resolver: (name: string, type: string) => (type === 'TXT' ? resolver.resolveTxt(name) : resolver.resolve(name, type as 'A')) });
  return result.results.map((r) => ({ status: r.status.result, selector: r.selector }));
}

describe('DKIM signing, key export and rotation', () => {
  let dns: TestDnsServer;
  let t: TestApp;
  /** every line the service logged, at debug level */
  const logs: string[] = [];
  let domainId: number;
  const domain = 'shop-signing.example.org';

  /** Serves what the provider zone holds for the account now (as a publisher would). */
  const serveZone = () => serveProviderZone(t, dns, ACCOUNT);
  /** POST /api/v1/dkim/sign; a successful answer's bytes in `signed` (text or message). */
  const sign = async (body: Buffer, key = ADMIN_KEY, accept?: string) => {
    const req = t.http.post('/api/v1/dkim/sign').set(auth(key)).set('Content-Type', 'message/rfc822');
    if (accept) req.set('Accept', accept);
    const res = await req.send(body);
    return Object.assign(res, { signed: Buffer.from(res.text ?? '', 'latin1') });
  };

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    dns.role = 'recursive'; // a receiver's resolver: follows the customer's CNAME to the key
    t = await startTestApp({
      env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', DKIM_SIGN_MAX_BYTES: '4096' },
      rootLogger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }),
    });
    domainId = (await t.http.post(API).set(admin).send({ domain, spf: false, dmarc: false }).expect(201)).body.id;
    publish(dns, ...expectedRecords(ACCOUNT, domain));
    await serveZone();
    expect((await t.http.post(`${API}/${domainId}/verify`).set(admin).expect(200)).body.status).toBe('active');
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('signs for the From domain with the active selector, rsa-sha256, relaxed/relaxed, From over-signed; a receiver verifies it', async () => {
    const res = await sign(message(`orders@${domain}`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const header = res.signed.toString('latin1');
    expect(header).toMatch(/^DKIM-Signature: /);
    expect(header.endsWith('\r\n')).toBe(true);
    const tags = Object.fromEntries(header.slice('DKIM-Signature:'.length).replace(/\r\n[ \t]+/g, ' ').split(';').map((t) => t.trim().split('=', 2) as [string, string]).map(([k, v]) => [k, v?.trim()]));
    expect(tags).toMatchObject({ v: '1', a: 'rsa-sha256', c: 'relaxed/relaxed', d: domain, s: `cm1${ACCT}` });
    const signed = tags.h!.split(':').map((h) => h.trim().toLowerCase());
    expect(signed.filter((h) => h === 'from')).toHaveLength(2);
    expect(signed).toEqual(expect.arrayContaining(['to', 'subject', 'date', 'message-id']));
    expect(await verifyDkim(dns, Buffer.concat([res.signed, message(`orders@${domain}`)]))).toEqual([{ status: 'pass', selector: `cm1${ACCT}` }]);
    // a From header added after signing breaks it (that is what over-signing is for)
    const tampered = Buffer.concat([res.signed, Buffer.from(`From: someone@evil.example\r\n`), message(`orders@${domain}`)]);
    expect((await verifyDkim(dns, tampered))[0]!.status).not.toBe('pass');
  });

  it('with Accept: message/rfc822, answers the signed message', async () => {
    const res = await sign(message(`orders@${domain}`), ADMIN_KEY, 'message/rfc822');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^message\/rfc822/);
    const signed = res.signed;
    expect(signed.toString('latin1')).toMatch(/^DKIM-Signature: [^]*\r\nFrom: Shop </);
    expect(await verifyDkim(dns, signed)).toEqual([{ status: 'pass', selector: `cm1${ACCT}` }]);
  });

  it('refuses what it cannot sign, saying why (422 NOT_SIGNABLE); no permission is 403, too large 413, another type 415', async () => {
    const refusal = async (body: Buffer, key = ADMIN_KEY) => {
      const res = await sign(body, key);
      expect(res.status).toBe(422);
      return res.body as { code: string; detail: string };
    };
    expect(await refusal(Buffer.from('To: jane@example.org\r\nSubject: x\r\n\r\nbody\r\n'))).toMatchObject({ code: 'NOT_SIGNABLE', detail: expect.stringContaining('no From: header') });
    expect(await refusal(message('orders@unknown.example.org'))).toMatchObject({ detail: 'unknown.example.org is not a domain of this API key\'s accounts' });
    const otherAccount = await t.createKey([OTHER], ['Mail_Sign']);
    expect(await refusal(message(`orders@${domain}`), otherAccount)).toMatchObject({ detail: `${domain} is not a domain of this API key's accounts` });
    await t.http.post(API).set(admin).send({ domain: 'pending-signing.example.org' }).expect(201);
    expect(await refusal(message('orders@pending-signing.example.org'))).toMatchObject({ detail: expect.stringContaining('is pending') });
    const noPermission = await t.createKey([ACCOUNT], ['EmailConfiguration_Read', 'DkimKeys_Export']);
    expect((await sign(message(`orders@${domain}`), noPermission)).status).toBe(403);
    expect((await sign(message(`orders@${domain}`, 'x'.repeat(5000)))).body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'Request body is too large (at most 4 kB)' });
    await t.http.post('/api/v1/dkim/sign').set(admin).set('Content-Type', 'text/plain').send('From: a@b.c\r\n\r\n').expect(415);
  });

  it('exports the signing keys only with DkimKeys_Export: the private key\'s public half is what DNS serves', async () => {
    const exporter = await t.createKey([ACCOUNT], ['DkimKeys_Export']);
    const list = (await t.http.get('/api/v1/dkim/signing-keys').set(auth(exporter)).expect(200)).body as { items: { domain: string; selector: string; privateKey: string }[] };
    expect(list.items.map((k) => [k.domain, k.selector])).toEqual([[domain, `cm1${ACCT}`]]);
    // what a receiver's resolver gets for the exported selector (the customer's CNAME followed to the provider zone)
    const { Resolver } = await import('node:dns/promises');
    const resolver = new Resolver();
    resolver.setServers([dns.address]);
    const txt = (await resolver.resolveTxt(`${list.items[0]!.selector}._domainkey.${domain}`)).map((strings) => strings.join(''));
    const served = txt.map((record) => /(?:^|;)\s*p=([^;]*)/.exec(record)?.[1]?.replace(/\s+/g, ''));
    expect(served).toEqual([createPublicKey(list.items[0]!.privateKey).export({ type: 'spki', format: 'der' }).toString('base64')]);
    const everythingElse = await t.createKey([ACCOUNT], ['EmailConfiguration_Create', 'EmailConfiguration_Read', 'EmailConfiguration_Update', 'EmailConfiguration_Delete', 'ApiKeys_Manage', 'Mail_Sign']);
    await t.http.get('/api/v1/dkim/signing-keys').set(auth(everythingElse)).expect(403);
    const otherAccount = await t.createKey([OTHER], ['DkimKeys_Export']);
    expect((await t.http.get('/api/v1/dkim/signing-keys').set(auth(otherAccount)).expect(200)).body.items).toEqual([]);
  });

  it("rspamd's Vault route: the active selector in data.selectors, with the key in X-Vault-Token; 401 without it, 403 without the permission, 404 for another domain", async () => {
    const exporter = await t.createKey([ACCOUNT], ['DkimKeys_Export']);
    const vault = (name: string) => `/api/v1/dkim/vault/v1/dkim/${name}`;
    const answer = (await t.http.get(vault(domain)).set('X-Vault-Token', exporter).expect(200)).body;
    expect(answer.data.selectors).toEqual([{ selector: `cm1${ACCT}`, key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----/), domain }]);
    await t.http.get(vault(domain)).expect(401);
    await t.http.get(vault(domain)).set('Authorization', `Bearer ${exporter}`).expect(401); // rspamd sends no Authorization: only X-Vault-Token counts
    await t.http.get(vault(domain)).set('X-Vault-Token', await t.createKey([ACCOUNT], ['Mail_Sign'])).expect(403);
    await t.http.get(vault('pending-signing.example.org')).set('X-Vault-Token', exporter).expect(404);
    await t.http.get(vault(domain)).set('X-Vault-Token', await t.createKey([OTHER], ['DkimKeys_Export'])).expect(404);
  });

  it('rotation: refused while the standby is not served; then cm2 signs, cm1 retires and still verifies what it signed; no second rotation while cm1 retires', async () => {
    const before = (await sign(message(`orders@${domain}`))).signed;
    const account = (await t.http.get(`/api/v1/accounts/${ACCOUNT}/dkim`).set(admin).expect(200)).body;
    expect(account.selectors.map((s: { selector: string; state: string; publishedInDns: string }) => [s.selector, s.state, s.publishedInDns])).toEqual([
      ['cm1', 'active', 'published'],
      ['cm2', 'standby', 'published'],
    ]);
    // the standby not served (the zone not yet published): refused
    dns.set(`${ACCT}cm2._domainkey.${ZONE}`, 'TXT');
    const refused = await t.http.post(`/api/v1/accounts/${ACCOUNT}/dkim/rotate`).set(admin).send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'STANDBY_NOT_PUBLISHED', detail: expect.stringContaining(`${ACCT}cm2._domainkey.${ZONE}`) });
    await serveZone();
    const rotated = (await t.http.post(`/api/v1/accounts/${ACCOUNT}/dkim/rotate`).set(admin).send({}).expect(202)).body;
    expect(rotated.selectors.map((s: { state: string }) => s.state)).toEqual(['retiring', 'active']);
    expect(rotated.selectors[0].retiresAt).not.toBeNull();
    await serveZone();
    const after = (await sign(message(`orders@${domain}`))).signed;
    expect(after.toString()).toContain(`s=cm2${ACCT}`);
    expect(await verifyDkim(dns, Buffer.concat([after, message(`orders@${domain}`)]))).toEqual([{ status: 'pass', selector: `cm2${ACCT}` }]);
    // mail signed before the rotation, in flight: cm1 is still published, it still verifies
    expect(await verifyDkim(dns, Buffer.concat([before, message(`orders@${domain}`)]))).toEqual([{ status: 'pass', selector: `cm1${ACCT}` }]);

    // a compromised key: cm2 revoked at once; cm1 has no fresh key yet (retiring), so there is no standby to switch to
    const noStandby = await t.http.post(`/api/v1/accounts/${ACCOUNT}/dkim/rotate`).set(admin).send({ revoke: true }).expect(409);
    expect(noStandby.body.detail).toContain('selector cm1 is retiring until');
  });

  it('a compromised key revoked in one call: the standby signs, the old selector publishes an empty key at once, and what it signed fails', async () => {
    const account = '0d1c2b3a-0000-4000-8000-0000000051a7';
    const label = account.replace(/-/g, '');
    const name = 'revoke-signing.example.org';
    const id = (await t.http.post(`/api/v1/accounts/${account}/domains`).set(admin).send({ domain: name, spf: false, dmarc: false }).expect(201)).body.id;
    publish(dns, ...expectedRecords(account, name));
    const serve = async () => {
      const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body as { records: { host: string; type: string; value: string }[] };
      for (const r of zone.records.filter((r) => r.type === 'TXT' && r.host.startsWith(label))) dns.set(r.host, 'TXT', r.value);
    };
    await serve();
    expect((await t.http.post(`/api/v1/accounts/${account}/domains/${id}/verify`).set(admin).expect(200)).body.status).toBe('active');
    const before = (await sign(message(`orders@${name}`))).signed;
    expect(await verifyDkim(dns, Buffer.concat([before, message(`orders@${name}`)]))).toEqual([{ status: 'pass', selector: `cm1${label}` }]);
    const revoked = (await t.http.post(`/api/v1/accounts/${account}/dkim/rotate`).set(admin).send({ revoke: true }).expect(202)).body;
    expect(revoked.selectors.map((s: { state: string; dnsValue: string }) => [s.state, s.dnsValue.startsWith('v=DKIM1; k=rsa; p=M')])).toEqual([
      ['revoked', false],
      ['active', true],
    ]);
    expect(revoked.selectors[0].dnsValue).toBe('v=DKIM1; p=');
    await serve();
    // mail signed with the compromised key no longer verifies; new mail is signed with cm2 and does
    expect((await verifyDkim(dns, Buffer.concat([before, message(`orders@${name}`)])))[0]!.status).not.toBe('pass');
    const after = (await sign(message(`orders@${name}`))).signed;
    expect(await verifyDkim(dns, Buffer.concat([after, message(`orders@${name}`)]))).toEqual([{ status: 'pass', selector: `cm2${label}` }]);
  });

  it('logs each export (which API key, which accounts) and never a private key; the database holds none in clear', async () => {
    const exporter = await t.createKey([ACCOUNT], ['DkimKeys_Export']);
    const keyId = (await t.sql<{ id: string }>(`SELECT id FROM api_keys WHERE prefix = $1`, [exporter.slice(0, 10)]))[0]!.id;
    const listed = (await t.http.get('/api/v1/dkim/signing-keys').set(auth(exporter)).expect(200)).body as { items: { privateKey: string }[] };
    const vaulted = (await t.http.get(`/api/v1/dkim/vault/v1/dkim/${domain}`).set('X-Vault-Token', exporter).expect(200)).body as { data: { selectors: { key: string }[] } };
    await sign(message(`orders@${domain}`)).then((r) => expect(r.status).toBe(200));

    const exports = logs.filter((l) => l.includes(keyId) && l.includes(ACCOUNT));
    expect(exports.some((l) => /signing keys exported/.test(l))).toBe(true);
    expect(exports.some((l) => /read through the Vault route/.test(l))).toBe(true);
    const pems = [...listed.items.map((k) => k.privateKey), ...vaulted.data.selectors.map((k) => k.key)];
    expect(pems.length).toBeGreaterThan(0);
    // the key's base64 body, in any line, whole or as its first line
    const fragments = pems.flatMap((pem) => [pem.split('\n')[1]!, pem.replace(/-----[^-]+-----|\s/g, '').slice(0, 64)]);
    for (const line of logs) {
      expect(line).not.toMatch(/PRIVATE KEY/);
      for (const fragment of fragments) expect(line.includes(fragment)).toBe(false);
    }
    const stored = await t.sql<{ private_key: string }>(`SELECT private_key FROM dkim_keys`);
    for (const row of stored) {
      // sealed: no PEM, and no DER in base64 (it begins MII…); "MII" may occur by chance inside the ciphertext
      expect(row.private_key).not.toMatch(/PRIVATE KEY|^MII/);
      for (const fragment of fragments) expect(row.private_key.includes(fragment)).toBe(false);
    }
  });

  it('cross-account: another account\'s keys answer 404, exactly as an account without keys', async () => {
    const other = await t.createKey([OTHER]);
    const a = await t.http.get(`/api/v1/accounts/${ACCOUNT}/dkim`).set(auth(other)).expect(404);
    const b = await t.http.get(`/api/v1/accounts/${OTHER}/dkim`).set(auth(other)).expect(404);
    expect({ ...a.body, instance: undefined }).toEqual({ ...b.body, instance: undefined });
    await t.http.post(`/api/v1/accounts/${ACCOUNT}/dkim/rotate`).set(auth(other)).send({}).expect(404);
  });
});

describe('DKIM rotation on schedule', () => {
  let dns: TestDnsServer;
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('every DKIM_ROTATION_DAYS the standby takes over; after DKIM_RETIRE_HOURS the retired selector gets a fresh standby key; customers change nothing', async () => {
    dns = await TestDnsServer.start();
    // a rotation every ~2 s, a retirement of ~1 s, ticks of 0.2 s
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DKIM_ROTATION_DAYS: '0.00002', DKIM_RETIRE_HOURS: '0.0003', VERIFICATION_TICK_SECONDS: '0.2' } });
    const account = '0d1c2b3a-0000-4000-8000-0000000051c0';
    const label = account.replace(/-/g, '');
    await t.http.post(`/api/v1/accounts/${account}/domains`).set(admin).send({ domain: 'scheduled.example.org' }).expect(201);
    const keys = () => t.sql<{ selector: string; state: string; public_key: string }>(`SELECT selector, state, public_key FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [account]);
    const first = await keys();
    // the standby must be served before the scheduler rotates to it: serve the zone as a publisher would, all along
    const serving = setInterval(() => {
      void (async () => {
        const zone = (await t.http.get('/api/v1/provider-zone').set(admin)).body as { records?: { host: string; type: string; value: string }[] };
        for (const r of (zone.records ?? []).filter((r) => r.type === 'TXT' && r.host.startsWith(label))) dns.set(r.host, 'TXT', r.value);
      })();
    }, 100);
    try {
      const rotated = await waitForRows(keys, (rows) => rows.find((r) => r.selector === 'cm2')?.state === 'active');
      expect(rotated.find((r) => r.selector === 'cm1')!.state).toBe('retiring');
      const renewed = await waitForRows(keys, (rows) => rows.find((r) => r.selector === 'cm1')?.state === 'standby');
      expect(renewed.find((r) => r.selector === 'cm1')!.public_key).not.toBe(first.find((r) => r.selector === 'cm1')!.public_key);
      expect(renewed.find((r) => r.selector === 'cm2')!.public_key).toBe(first.find((r) => r.selector === 'cm2')!.public_key);
    } finally {
      clearInterval(serving);
    }
  });
});

async function waitForRows<T>(read: () => Promise<T[]>, done: (rows: T[]) => boolean): Promise<T[]> {
  const { waitFor } = await import('./support/wait-for.js');
  return waitFor('the keys to change', async () => {
    const rows = await read();
    return done(rows) && rows;
  }, { timeoutMs: 30_000, intervalMs: 100 });
}

describe('DKIM signing on two instances across a key renewal', () => {
  let dns: TestDnsServer;
  let t1: TestApp;
  let t2: TestApp;
  const account = '0d1c2b3a-0000-4000-8000-0000000051d2';
  const label = account.replace(/-/g, '');
  const domain = 'two-signers.example.org';
  afterAll(async () => {
    await t2?.close();
    await t1?.close();
    await dns?.stop();
  });

  it('an instance that signed with a selector before it was renewed signs with the renewed key once that selector is active again', async () => {
    dns = await TestDnsServer.start();
    dns.role = 'recursive';
    const env = { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', VERIFICATION_TICK_SECONDS: '0.2' };
    t1 = await startTestApp({ env });
    t2 = await startTestApp({ env: { ...env, VERIFICATION_SCHEDULER: 'off' }, databaseUrl: t1.databaseUrl });
    const serveZone = () => serveProviderZone(t1, dns, account);
    const keys = () => t1.sql<{ selector: string; state: string; public_key: string }>(`SELECT selector, state, public_key FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [account]);
    const signOn = async (t: TestApp) => verifyDkim(dns, Buffer.concat([await signature(t, message(`orders@${domain}`)), message(`orders@${domain}`)]));
    const rotate = () => t1.http.post(`/api/v1/accounts/${account}/dkim/rotate`).set(admin).send({}).expect(202);

    const id = (await t1.http.post(`/api/v1/accounts/${account}/domains`).set(admin).send({ domain, spf: false, dmarc: false }).expect(201)).body.id as number;
    publish(dns, ...expectedRecords(account, domain));
    await serveZone();
    expect((await t1.http.post(`/api/v1/accounts/${account}/domains/${id}/verify`).set(admin).expect(200)).body.status).toBe('active');
    // the second instance opens cm1's key and keeps it
    expect(await signOn(t2)).toEqual([{ status: 'pass', selector: `cm1${label}` }]);

    // cm2 takes over; cm1's retirement ends at once and it gets a fresh key, then signs again
    await rotate();
    const before = (await keys()).find((k) => k.selector === 'cm1')!.public_key;
    await t1.sql(`UPDATE dkim_keys SET retires_at = now() WHERE account_id = $1 AND selector = 'cm1'`, [account]);
    const renewed = await waitForRows(keys, (rows) => rows.some((r) => r.selector === 'cm1' && r.state === 'standby' && r.public_key !== before));
    expect(renewed.find((r) => r.selector === 'cm2')!.state).toBe('active');
    await serveZone();
    await rotate();
    expect((await keys()).map((k) => [k.selector, k.state])).toEqual([
      ['cm1', 'active'],
      ['cm2', 'retiring'],
    ]);

    // the second instance signs with cm1's new key, which DNS serves
    expect(await signOn(t2)).toEqual([{ status: 'pass', selector: `cm1${label}` }]);
  });
});
