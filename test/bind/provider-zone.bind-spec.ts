/**
 * The whole service with PROVIDER_ZONE_PUBLISHER=rfc2136 against a real BIND holding the provider
 * zone: a customer's domain registered, its account's keys published there within seconds (after
 * a refusal with a wrong TSIG key is put right), the domain active only once the keys are really
 * served, the operator's own records untouched, the names withdrawn after the last domain, and
 * the zone file accepted by named-checkzone.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY, startTestApp, type TestApp } from '../support/app.js';
import { TestDnsServer } from '../support/dns-server.js';
import { auth, expectedRecords, publish } from '../support/domains.js';
import { waitFor } from '../support/wait-for.js';
import { findProgram, type NamedKey, NamedServer } from './named.js';

const run = promisify(execFile);
const ZONE = 'provider.test.example';
const ACCOUNT = '5e7d0b1c-0000-4000-8000-00000000b1d0';
const ACCT = ACCOUNT.replace(/-/g, '');
const PUBLISHER: NamedKey = { name: 'sds-publisher', algorithm: 'hmac-sha256', secret: randomBytes(32).toString('base64') };
const OPERATOR_RECORDS = ['www IN A 192.0.2.80', 'bounces IN A 192.0.2.26', '_spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"'];
const admin = auth(ADMIN_KEY);
const API = `/api/v1/accounts/${ACCOUNT}/domains`;

describe('the provider zone published to BIND (RFC 2136 + TSIG)', () => {
  let named: NamedServer;
  let dns: TestDnsServer;
  let t: TestApp | undefined;
  let databaseUrl: string | undefined;
  let operatorBefore: string[];

  /** The zone without our names and without the SOA (whose serial every update moves). */
  const operatorRecords = async () => (await named.axfr()).filter((line) => !line.includes(ACCT) && !line.includes(' IN SOA '));

  const env = (secret: string) => ({
    PROVIDER_DNS_ZONE: ZONE,
    PROVIDER_ZONE_PUBLISHER: 'rfc2136',
    PROVIDER_ZONE_SERVER: named.address,
    PROVIDER_ZONE_TSIG: `hmac-sha256:${PUBLISHER.name}:${secret}`,
    // the customers' zone first; our names there are refused, so the resolver asks BIND, as a receiver's resolver would
    DNS_SERVERS: `${dns.address},${named.address}`,
    DNS_TIMEOUT_MS: '1000',
    OUTBOX_RETRY_BASE_SECONDS: '0.2',
    DKIM_RETIRE_HOURS: '0.0003',
    VERIFICATION_TICK_SECONDS: '0.3',
  });

  beforeAll(async () => {
    named = await NamedServer.start({ zone: ZONE, records: OPERATOR_RECORDS, keys: [PUBLISHER], updatePolicy: `grant ${PUBLISHER.name} zonesub ANY;` });
    dns = await TestDnsServer.start();
    for (const selector of ['cm1', 'cm2']) dns.refuse(`${ACCT}${selector}._domainkey.${ZONE}`);
    operatorBefore = await operatorRecords();
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
    await named?.stop();
  });

  it('a refusal (wrong TSIG key) is shown and retried; with the right key the keys are served, and only then is the domain active', async () => {
    t = await startTestApp({ env: env(randomBytes(32).toString('base64')) });
    databaseUrl = t.databaseUrl;
    const domain = 'bind-customer.example.org';
    const created = await t.http.post(API).set(admin).send({ domain, spf: false, dmarc: false }).expect(201);
    publish(dns, ...expectedRecords(ACCOUNT, domain, ZONE));

    const failing = await waitFor('the refusal in the publication state', async () => {
      const zone = (await t!.http.get('/api/v1/provider-zone').set(admin).expect(200)).body;
      return zone.publication.state === 'failing' && zone;
    });
    expect(failing.publication).toMatchObject({ lastError: expect.stringContaining('BADSIG'), pending: expect.any(Number) });
    expect(await named.txt(`${ACCT}cm1._domainkey.${ZONE}`)).toEqual([]);
    // the customer's CNAMEs are right, our key is not served: waiting for the provider, not active
    const waiting = (await t.http.post(`${API}/${created.body.id}/verify`).set(admin).expect(200)).body;
    expect(waiting.status).toBe('pending');
    expect(waiting.checks.dkim).toMatchObject({ status: 'waiting_for_provider', error: expect.stringContaining('not served'), details: { providerKeys: { cm1: 'missing', cm2: 'missing' } } });

    // the operator puts the right key in place: the next instance delivers what is pending
    await t.close();
    t = await startTestApp({ databaseUrl, env: env(PUBLISHER.secret) });
    await waitFor('the keys served by BIND', async () => (await named.txt(`${ACCT}cm1._domainkey.${ZONE}`)).length === 1, { timeoutMs: 30_000 });
    const [cm1, cm2] = await t.sql<{ public_key: string }>(`SELECT public_key FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [ACCOUNT]);
    expect(await named.txt(`${ACCT}cm1._domainkey.${ZONE}`)).toEqual([`v=DKIM1; k=rsa; p=${cm1!.public_key}`]);
    expect(await named.txt(`${ACCT}cm2._domainkey.${ZONE}`)).toEqual([`v=DKIM1; k=rsa; p=${cm2!.public_key}`]);
    expect(await named.dig(`${ACCT}.${ZONE}`, 'MX')).toEqual([`${ACCT}.${ZONE}. 300 IN MX 10 bounces.${ZONE}.`]);
    expect(await named.txt(`${ACCT}.${ZONE}`)).toEqual([`v=spf1 include:_spf.${ZONE} -all`]);
    await waitFor('the publication published', async () => (await t!.http.get('/api/v1/provider-zone').set(admin).expect(200)).body.publication.state === 'published', { timeoutMs: 30_000 });

    const active = (await t.http.post(`${API}/${created.body.id}/verify`).set(admin).expect(200)).body;
    expect(active.status).toBe('active');
    expect(active.checks.dkim).toMatchObject({ status: 'verified', details: { providerKeys: { cm1: 'published', cm2: 'published' } } });
    // the operator's own records are as they were
    expect(await operatorRecords()).toEqual(operatorBefore);
  });

  it('the zone file is a fragment named-checkzone accepts once an SOA and NS are put in front', async () => {
    const file = (await t!.http.get('/api/v1/provider-zone/zone-file').set(admin).expect(200)).text;
    const dir = mkdtempSync(path.join(tmpdir(), 'sds-zonefile-'));
    try {
      const zoneFile = path.join(dir, 'zone.db');
      writeFileSync(zoneFile, [`$TTL 300`, `@ IN SOA ns1.${ZONE}. hostmaster.${ZONE}. 1 3600 600 86400 300`, `@ IN NS ns1.${ZONE}.`, 'ns1 IN A 127.0.0.1', 'bounces IN A 192.0.2.26', file].join('\n'));
      const { stdout } = await run(findProgram('named-checkzone' as 'named') ?? '/usr/bin/named-checkzone', [ZONE, zoneFile]);
      expect(stdout).toMatch(/OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the account's last domain deleted: after DKIM_RETIRE_HOURS its names leave the zone, the operator's stay", async () => {
    const id = (await t!.http.get(`${API}?limit=5`).set(admin).expect(200)).body.items[0].id;
    await t!.http.delete(`${API}/${id}`).set(admin).expect(200);
    await waitFor('the names withdrawn from BIND', async () => (await named.txt(`${ACCT}cm1._domainkey.${ZONE}`)).length === 0, { timeoutMs: 30_000 });
    expect(await named.dig(`${ACCT}.${ZONE}`, 'MX')).toEqual([]);
    expect((await named.axfr()).filter((line) => line.includes(ACCT))).toEqual([]);
    expect(await operatorRecords()).toEqual(operatorBefore);
  });
});
