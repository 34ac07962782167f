import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, expectedRecords, publish, registerDomain, SEED_ACCOUNT } from './support/domains.js';

const OTHER = '11111111-2222-4333-8444-555555555555';

describe('native API: a domain and its per-record state (/api/v1/accounts/{accountId}/domains/{domainId})', () => {
  let t: TestApp;
  let dns: TestDnsServer;
  let id: number;
  const records = expectedRecords(SEED_ACCOUNT, 'native.example.com');
  const url = () => `/api/v1/accounts/${SEED_ACCOUNT}/domains/${id}`;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address } });
    id = (await registerDomain(t, ADMIN_KEY, { domain: 'native.example.com' })).id;
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  it('shows a new domain pending with every record unchecked', async () => {
    const res = await t.http.get(url()).set(auth(ADMIN_KEY)).expect(200);
    expect(res.body).toMatchObject({ id, accountId: SEED_ACCOUNT, domain: 'native.example.com', status: 'pending', isValid: false, lastCheckedAt: null });
    expect(res.body.dnsRecords).toHaveLength(3);
    expect(res.body.dnsRecords.every((r: { status: string }) => r.status === 'unchecked')).toBe(true);
  });

  it('verifies on demand and says per record what it found and what is wrong', async () => {
    // the first value entered without its final dot: the DNS host appended the zone
    dns.set(records[0]!.host, 'CNAME', `${records[0]!.value}native.example.com`);
    publish(dns, records[1]!, records[2]!);
    const res = await t.http.post(`${url()}/verify`).set(auth(ADMIN_KEY)).expect(200);
    expect(res.body.status).toBe('pending');
    expect(res.body.lastCheckedAt).toEqual(expect.any(String));
    const [first, second, third] = res.body.dnsRecords;
    expect(first).toMatchObject({
      host: records[0]!.host,
      status: 'mismatch',
      isValid: false,
      foundValues: [`${records[0]!.value}native.example.com`.replace(/\.$/, '')],
      diagnosis: expect.stringContaining('did not end with a dot'),
    });
    expect(second).toMatchObject({ status: 'valid', isValid: true, diagnosis: null });
    expect(third).toMatchObject({ status: 'valid', isValid: true });
    // the GET shows the same stored state
    const again = await t.http.get(url()).set(auth(ADMIN_KEY)).expect(200);
    expect(again.body.dnsRecords).toEqual(res.body.dnsRecords);

    publish(dns, records[0]!);
    const fixed = await t.http.post(`${url()}/verify`).set(auth(ADMIN_KEY)).expect(200);
    expect(fixed.body).toMatchObject({ status: 'active', isValid: true, verifiedAt: expect.any(String) });
  });

  it('answers problem+json: 404 for another account, 400 for a bad id or account, 401/403 for keys', async () => {
    const scoped = await t.createKey([OTHER]);
    const res = await t.http.get(url()).set(auth(scoped)).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'DOMAIN_NOT_FOUND' });
    await t.http.post(`${url()}/verify`).set(auth(scoped)).expect(404);
    await t.http.get(`/api/v1/accounts/${OTHER}/domains/${id}`).set(auth(ADMIN_KEY)).expect(404);
    await t.http.get(`/api/v1/accounts/${SEED_ACCOUNT}/domains/abc`).set(auth(ADMIN_KEY)).expect(400);
    const badAccount = await t.http.get(`/api/v1/accounts/nope/domains/${id}`).set(auth(ADMIN_KEY)).expect(400);
    expect(badAccount.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'accountId must be a UUID' });
    await t.http.get(url()).expect(401);
    const reader = await t.createKey([SEED_ACCOUNT], ['EmailConfiguration_Read']);
    await t.http.get(url()).set(auth(reader)).expect(200);
    const denied = await t.http.post(`${url()}/verify`).set(auth(reader)).expect(403);
    expect(denied.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
