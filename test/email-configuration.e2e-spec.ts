import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';

const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const OTHER_ACCOUNT = '11111111-2222-4333-8444-555555555555';
const ACCT = '903e1cef84b34500a9a5b2ca219f76f5';
const BASE = '/email/configuration/v1';
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The seed's three CNAMEs for a domain, in the seed's order. */
const seedRecords = (domain: string, isValid = false) => [
  { host: `cm2${ACCT}._domainkey.${domain}`, type: 'CNAME', value: `${ACCT}cm2._domainkey.email.cmtest.nl.`, isValid },
  { host: `cm${ACCT}.${domain}`, type: 'CNAME', value: `${ACCT}.email.cmtest.nl.`, isValid },
  { host: `cm1${ACCT}._domainkey.${domain}`, type: 'CNAME', value: `${ACCT}cm1._domainkey.email.cmtest.nl.`, isValid },
];

const seedRequest = (domain: string, accountId = ACCOUNT) => ({
  emailAddress: 'admin@example.com',
  domain,
  accountId,
  dnsRecords: seedRecords(domain),
});

describe('Email Configuration API (seed 000)', () => {
  let t: TestApp;
  let dns: TestDnsServer;
  const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

  beforeAll(async () => {
    dns = await TestDnsServer.start(); // authoritative for nothing yet: every record is missing
    t = await startTestApp({ env: { DNS_SERVERS: dns.address } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  const register = (domain: string, accountId = ACCOUNT, headers: Record<string, string> = auth) =>
    t.http.post(`${BASE}/configuration`).set(headers).send(seedRequest(domain, accountId));
  const liveDomains = async () => Number((await t.sql(`SELECT count(*)::int AS n FROM sending_domains WHERE deleted_on IS NULL`))[0]!.n);
  const allRows = async () =>
    (await t.sql<{ n: number }>(`SELECT (SELECT count(*) FROM sending_domains) + (SELECT count(*) FROM dns_records) AS n`))[0]!.n;

  describe('POST /configuration', () => {
    it("answers the seed's example request with the seed's example response", async () => {
      const res = await register('example.com').expect(200);
      expect(res.body).toEqual({
        statusCode: 'Ok',
        statusMessage: 'Success',
        domainConfig: {
          id: expect.any(Number),
          domain: 'example.com',
          accountId: ACCOUNT,
          isValid: false,
          createdOn: expect.stringMatching(ISO_UTC),
          modifiedOn: null,
          deletedOn: null,
          dnsRecords: seedRecords('example.com'),
        },
      });
    });

    it('registers the marketing subdomain example, and a body without dnsRecords', async () => {
      const res = await register('marketing.company.com').expect(200);
      expect(res.body.domainConfig.dnsRecords).toEqual(seedRecords('marketing.company.com'));
      const bare = await t.http
        .post(`${BASE}/configuration`)
        .set(auth)
        .send({ emailAddress: 'ops@company.com', domain: 'support.company.com', accountId: ACCOUNT })
        .expect(200);
      expect(bare.body.domainConfig.dnsRecords).toEqual(seedRecords('support.company.com'));
    });

    it('stores the server-generated records, not the ones in the body', async () => {
      const body = { ...seedRequest('promo.company.com'), dnsRecords: [{ host: 'evil.example', type: 'CNAME', value: 'x.', isValid: true }] };
      const res = await t.http.post(`${BASE}/configuration`).set(auth).send(body).expect(200);
      expect(res.body.domainConfig.dnsRecords).toEqual(seedRecords('promo.company.com'));
    });

    it('normalises the name: trimmed, lower-cased, trailing dot removed, Unicode to punycode', async () => {
      const res = await register('  Portal.Company.COM. ').expect(200);
      expect(res.body.domainConfig.domain).toBe('portal.company.com');
      const idn = await register('bücher.de').expect(200);
      expect(idn.body.domainConfig.domain).toBe('xn--bcher-kva.de');
    });

    it.each([
      [{ ...seedRequest(''), domain: '' }, 'Domain cannot be empty or null'],
      [{ ...seedRequest(''), domain: '   ' }, 'Domain cannot be empty or null'],
      [{ ...seedRequest(''), domain: null }, 'Domain cannot be empty or null'],
      [{ emailAddress: 'a@b.com', accountId: ACCOUNT }, 'Domain cannot be empty or null'],
      [{ ...seedRequest('valid.com'), accountId: 'not-a-uuid' }, 'Invalid AccountId Token'],
      [{ ...seedRequest('valid.com'), accountId: '' }, 'Invalid AccountId Token'],
      [{ emailAddress: 'a@b.com', domain: 'valid.com' }, 'Invalid AccountId Token'],
    ])("answers the seed's errors: %j → %s", async (body, message) => {
      const before = await allRows();
      const res = await t.http.post(`${BASE}/configuration`).set(auth).send(body).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: message, domainConfig: null });
      expect(await allRows()).toBe(before);
    });

    const invalid: [string, string | object, string | RegExp][] = [
      ['malformed JSON', '{"domain": "x.com",', /well-formed JSON/],
      ['a JSON array', '[1,2]', /JSON object/],
      ['a JSON string', '"example.com"', /JSON object/],
      ['JSON null', 'null', /JSON object/],
      ['an unknown top-level domain', seedRequest('example.notatld'), /not a top-level domain/],
      ['bad punycode', seedRequest('xn--zz.com'), /not valid punycode/],
      ['domain of the wrong type', { ...seedRequest('x.com'), domain: 123 }, 'domain must be a string'],
      ['accountId of the wrong type', { ...seedRequest('x.com'), accountId: 42 }, 'Invalid AccountId Token'],
      ['emailAddress of the wrong type', { ...seedRequest('x.com'), emailAddress: ['a@b.c'] }, 'emailAddress must be a string'],
      ['dnsRecords not an array', { ...seedRequest('x.com'), dnsRecords: 'CNAME' }, /dnsRecords/],
      ['a dnsRecord of the wrong shape', { ...seedRequest('x.com'), dnsRecords: [{ host: 5 }] }, /host must be a string/],
      ['an unknown field', { ...seedRequest('x.com'), admin: true }, 'unknown field "admin"'],
      ['an unknown nested field', { ...seedRequest('x.com'), dnsRecords: [{ ...seedRecords('x.com')[0], ttl: 5 }] }, /unknown field "dnsRecords.0.ttl"/],
      ['no emailAddress', { domain: 'x.com', accountId: ACCOUNT }, 'emailAddress is required'],
      ['a bad emailAddress', { ...seedRequest('x.com'), emailAddress: 'not-an-email' }, /not a valid email address/],
      ['a bare public suffix', seedRequest('co.uk'), /public suffix/],
      ['a URL', seedRequest('https://example.com/'), /without scheme/],
      ['an empty label', seedRequest('a..example.com'), /empty label/],
      ['a single label', seedRequest('localhost'), /two labels/],
      ['an underscore', seedRequest('my_domain.com'), /letters, digits and hyphens/],
      ['a label over 63 characters', seedRequest(`${'a'.repeat(64)}.com`), /longer than 63/],
    ];
    it.each(invalid)('refuses %s with 400 in the envelope and stores nothing', async (_what, body, message) => {
      const before = await allRows();
      const req = t.http.post(`${BASE}/configuration`).set(auth).set('Content-Type', 'application/json');
      const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body)).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: expect.any(String), domainConfig: null });
      if (typeof message === 'string') expect(res.body.statusMessage).toContain(message);
      else expect(res.body.statusMessage).toMatch(message);
      expect(await allRows()).toBe(before);
    });

    it('refuses an oversized body with 413 PayloadTooLarge in the envelope and stores nothing', async () => {
      const before = await allRows();
      const body = { ...seedRequest('x.com'), dnsRecords: Array.from({ length: 2000 }, () => seedRecords('x.com')[0]) };
      const res = await t.http.post(`${BASE}/configuration`).set(auth).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(413);
      expect(res.body).toEqual({ statusCode: 'PayloadTooLarge', statusMessage: 'Request body is too large (at most 100 kB)', domainConfig: null });
      expect(await allRows()).toBe(before);
    });

    it('refuses a second live registration of a name in one account', async () => {
      await register('dup.example.com').expect(200);
      const res = await register('DUP.example.com.').expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: 'Domain already exists for this account', domainConfig: null });
    });

    it('lets another account register the same name', async () => {
      await register('shared.example.com').expect(200);
      await register('shared.example.com', OTHER_ACCOUNT).expect(200);
    });

    it('20 concurrent registrations of one name: exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => register('race.example.com')));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 400)).toHaveLength(19);
      for (const r of results.filter((x) => x.status === 400)) {
        expect(r.body.statusMessage).toBe('Domain already exists for this account');
      }
      const rows = await t.sql(`SELECT id FROM sending_domains WHERE name = 'race.example.com' AND deleted_on IS NULL`);
      expect(rows).toHaveLength(1);
      const records = await t.sql(`SELECT id FROM dns_records WHERE domain_id = $1`, [rows[0]!.id]);
      expect(records).toHaveLength(3);
    });
  });

  describe('GET /configuration/accounts/{logicalAccountId}', () => {
    it('lists the live domains of the account with their records', async () => {
      const id = (await register('list.example.com').expect(200)).body.domainConfig.id;
      const res = await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(auth).expect(200);
      expect(res.body).toMatchObject({ statusCode: 'Ok', statusMessage: 'Success' });
      const listed = res.body.domains.find((d: { id: number }) => d.id === id);
      expect(listed).toEqual({
        id,
        domain: 'list.example.com',
        accountId: ACCOUNT,
        isValid: false,
        createdOn: expect.stringMatching(ISO_UTC),
        modifiedOn: null,
        deletedOn: null,
        dnsRecords: seedRecords('list.example.com'),
      });
      expect(res.body.domains.every((d: { accountId: string }) => d.accountId === ACCOUNT)).toBe(true);
    });

    it('answers an empty list for an account without domains', async () => {
      const res = await t.http.get(`${BASE}/configuration/accounts/22222222-3333-4444-8555-666666666666`).set(auth).expect(200);
      expect(res.body).toEqual({ statusCode: 'Ok', statusMessage: 'Success', domains: [] });
    });

    it('lists every domain, however many (no cap: sent a page at a time), oldest first, none twice', async () => {
      const big = '44444444-5555-4666-8777-888888888888';
      const count = 2_600; // more than the old 1,000 cap and several pages
      await t.sql(
        `INSERT INTO sending_domains (id, account_id, name, display_name, status, status_changed_at, created_on, next_check_at)
         SELECT nextval('sending_domains_id_seq'), $1, 'b' || lpad(i::text, 5, '0') || '.example.com', 'b' || lpad(i::text, 5, '0') || '.example.com',
                'pending', now(), timestamptz '2026-01-01' + (i / 7) * interval '1 second' + (i / 3) * interval '1 microsecond', now()
           FROM generate_series(1, ${count}) AS i`,
        [big],
      );
      await t.sql(`UPDATE sending_domains SET deleted_on = now(), status = 'deleted' WHERE account_id = $1 AND name = 'b00013.example.com'`, [big]);
      const res = await t.http.get(`${BASE}/configuration/accounts/${big}`).set(auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const names = res.body.domains.map((d: { domain: string }) => d.domain);
      expect(names).toHaveLength(count - 1);
      expect(names[0]).toBe('b00001.example.com');
      expect(names).not.toContain('b00013.example.com');
      expect(names).toEqual([...names].sort()); // created in name order: oldest first
      expect(new Set(names).size).toBe(names.length); // ties and microseconds at page edges: none twice
      expect(res.headers['transfer-encoding']).toBe('chunked'); // streamed: more than two pages
      // a list that fits in two pages is sent whole, with its length; an empty one too
      const small = await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(auth).expect(200);
      expect(Number(small.headers['content-length'])).toBe(Buffer.byteLength(small.text));
      const empty = await t.http.get(`${BASE}/configuration/accounts/99999999-5555-4666-8777-888888888888`).set(auth).expect(200);
      expect(empty.body).toEqual({ statusCode: 'Ok', statusMessage: 'Success', domains: [] });

      // clients that go away in the middle hold no connection (25 > the pool's 20)
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      for (let i = 0; i < 25; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = get({ host: '127.0.0.1', port, path: `${BASE}/configuration/accounts/${big}`, headers: auth }, (res) => {
            res.once('data', () => {
              res.destroy();
              resolve();
            });
          });
          req.on('error', reject);
        });
      }
      await t.http.get(`${BASE}/configuration/accounts/${big}`).set(auth).expect(200);
    });

    it('refuses an account id that is not a UUID', async () => {
      const res = await t.http.get(`${BASE}/configuration/accounts/not-a-uuid`).set(auth).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: 'Invalid AccountId Token', domains: [] });
    });
  });

  describe('GET /configuration/dns/accounts/{logicalAccountId}/domains/{domainId}', () => {
    it("answers the records with ids and fromDomain, in the seed's order", async () => {
      const id = (await register('records.example.com').expect(200)).body.domainConfig.id;
      const res = await t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${id}`).set(auth).expect(200);
      expect(res.body).toEqual({
        statusCode: 'Ok',
        statusMessage: 'Success',
        dnsRecords: seedRecords('records.example.com').map((r) => ({ id: expect.any(Number), fromDomain: id, ...r })),
      });
      const ids = res.body.dnsRecords.map((r: { id: number }) => r.id);
      expect(new Set(ids).size).toBe(3);
    });

    it.each([['999999'], ['2147483647']])('answers 404 for an unknown domain id %s', async (id) => {
      const res = await t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${id}`).set(auth).expect(404);
      expect(res.body).toEqual({ statusCode: 'NotFound', statusMessage: 'DNS records not found for the specified domain' });
    });

    it('answers 404 when the domain belongs to another account than the path names', async () => {
      const id = (await register('mine.example.com').expect(200)).body.domainConfig.id;
      await t.http.get(`${BASE}/configuration/dns/accounts/${OTHER_ACCOUNT}/domains/${id}`).set(auth).expect(404);
    });

    it.each([['abc'], ['-1'], ['0'], ['1.5'], ['99999999999'], ['%ff']])('answers 400 for the domain id %s', async (id) => {
      const res = await t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${id}`).set(auth).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: 'Invalid request parameters' });
    });
  });

  describe('DELETE /configuration/dns/domains/{domainId}', () => {
    it('soft-deletes: records gone from every read, name free again, second delete 404', async () => {
      const id = (await register('gone.example.com').expect(200)).body.domainConfig.id;
      const res = await t.http.delete(`${BASE}/configuration/dns/domains/${id}`).set(auth).expect(200);
      expect(res.body).toEqual({ statusCode: 'Ok', statusMessage: 'Domain deleted successfully' });

      const again = await t.http.delete(`${BASE}/configuration/dns/domains/${id}`).set(auth).expect(404);
      expect(again.body).toEqual({ statusCode: 'NotFound', statusMessage: 'Domain not found' });
      await t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${id}`).set(auth).expect(404);
      const list = await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(auth).expect(200);
      expect(list.body.domains.map((d: { id: number }) => d.id)).not.toContain(id);
      const verify = await t.http.post(`${BASE}/dns/accounts/${ACCOUNT}/verify?domain=gone.example.com`).set(auth).expect(400);
      expect(verify.body.message).toBe('Domain not found or not configured for this account');

      const [row] = await t.sql<{ deleted_on: Date | null; status: string }>(`SELECT deleted_on, status FROM sending_domains WHERE id = $1`, [id]);
      expect(row).toMatchObject({ status: 'deleted', deleted_on: expect.any(Date) });
      expect(await t.sql(`SELECT id FROM dns_records WHERE domain_id = $1`, [id])).toEqual([]);

      const reregistered = await register('gone.example.com').expect(200);
      expect(reregistered.body.domainConfig.id).not.toBe(id);
    });

    it.each([['abc'], ['0'], ['1e3']])('answers 400 for the domain id %s', async (id) => {
      const res = await t.http.delete(`${BASE}/configuration/dns/domains/${id}`).set(auth).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: 'Invalid request parameters' });
    });

    it('answers 404 for an unknown id', async () => {
      const res = await t.http.delete(`${BASE}/configuration/dns/domains/987654`).set(auth).expect(404);
      expect(res.body).toEqual({ statusCode: 'NotFound', statusMessage: 'Domain not found' });
    });
  });

  describe('POST /dns/accounts/{logicalAccountId}/verify', () => {
    it('answers per record, in the seed order, with message and dnsEntries', async () => {
      await register('verify.example.com').expect(200);
      const res = await t.http.post(`${BASE}/dns/accounts/${ACCOUNT}/verify?domain=verify.example.com`).set(auth).expect(200);
      expect(res.body).toEqual({ statusCode: 'Ok', message: 'Success', dnsEntries: seedRecords('verify.example.com', false) });
    });

    it("answers the seed's 400 'unable to verify domain' when DNS cannot be asked at all", async () => {
      await register('outage.example.com').expect(200);
      dns.servfail(`cm2${ACCT}._domainkey.outage.example.com`).servfail(`cm${ACCT}.outage.example.com`).servfail(`cm1${ACCT}._domainkey.outage.example.com`);
      const res = await t.http.post(`${BASE}/dns/accounts/${ACCOUNT}/verify?domain=outage.example.com`).set(auth).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', message: 'unable to verify domain', dnsEntries: [] });
      const [row] = await t.sql(`SELECT status FROM sending_domains WHERE name = 'outage.example.com'`);
      expect(row).toEqual({ status: 'pending' });
    });

    it.each([['unknown.example.com'], ['not a domain'], ['']])('answers the seed 400 for %j', async (domain) => {
      const res = await t.http.post(`${BASE}/dns/accounts/${ACCOUNT}/verify`).query({ domain }).set(auth).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', message: 'Domain not found or not configured for this account', dnsEntries: [] });
    });

    it('answers the seed 400 when the domain query parameter is missing', async () => {
      const res = await t.http.post(`${BASE}/dns/accounts/${ACCOUNT}/verify`).set(auth).expect(400);
      expect(res.body.dnsEntries).toEqual([]);
    });

    it('refuses an account id that is not a UUID', async () => {
      const res = await t.http.post(`${BASE}/dns/accounts/xyz/verify?domain=example.com`).set(auth).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', message: 'Invalid AccountId Token', dnsEntries: [] });
    });
  });

  describe('permissions (DESIGN.md §5)', () => {
    let domainId: number;
    let otherDomainId: number;
    beforeAll(async () => {
      domainId = (await register('perm.example.com').expect(200)).body.domainConfig.id;
      otherDomainId = (await register('theirs.example.com', OTHER_ACCOUNT).expect(200)).body.domainConfig.id;
    });

    const routes = () => [
      { name: 'add', permission: 'EmailConfiguration_Create', call: (h: Record<string, string>) => t.http.post(`${BASE}/configuration`).set(h).send(seedRequest('newperm.example.com')), envelope: { domainConfig: null }, key: 'statusMessage' },
      { name: 'list', permission: 'EmailConfiguration_Read', call: (h: Record<string, string>) => t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(h), envelope: { domains: [] }, key: 'statusMessage' },
      { name: 'records', permission: 'EmailConfiguration_Read', call: (h: Record<string, string>) => t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${domainId}`).set(h), envelope: {}, key: 'statusMessage' },
      { name: 'delete', permission: 'EmailConfiguration_Delete', call: (h: Record<string, string>) => t.http.delete(`${BASE}/configuration/dns/domains/${domainId}`).set(h), envelope: {}, key: 'statusMessage' },
      { name: 'verify', permission: 'EmailConfiguration_Create', call: (h: Record<string, string>) => t.http.post(`${BASE}/dns/accounts/${ACCOUNT}/verify?domain=perm.example.com`).set(h), envelope: { dnsEntries: [] }, key: 'message' },
    ] as const;

    it('every route answers 401 without a key or with an unknown one', async () => {
      for (const route of routes()) {
        for (const headers of [{}, { Authorization: "Bearer sds_unknown" }, { Authorization: "Basic abc" }] as Record<string, string>[]) {
          const res = await route.call(headers).expect(401);
          expect(res.body).toMatchObject({ statusCode: 'Unauthorized', ...route.envelope });
          expect(res.body[route.key]).toMatch(/^Access denied/);
        }
      }
      expect(await liveDomains()).toBeGreaterThan(0);
      await t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${domainId}`).set(auth).expect(200);
    });

    it('every route answers 401 "insufficient permissions" to a key without its permission', async () => {
      for (const route of routes()) {
        const others = ['EmailConfiguration_Create', 'EmailConfiguration_Read', 'EmailConfiguration_Update', 'EmailConfiguration_Delete', 'ApiKeys_Manage'].filter(
          (p) => p !== route.permission,
        );
        const key = await t.createKey([ACCOUNT], others as never);
        const res = await route.call({ Authorization: `Bearer ${key}` }).expect(401);
        expect(res.body).toEqual({ statusCode: 'Unauthorized', [route.key]: 'Access denied - insufficient permissions', ...route.envelope });
      }
      await t.http.get(`${BASE}/configuration/dns/accounts/${ACCOUNT}/domains/${domainId}`).set(auth).expect(200);
    });

    it('accepts a bare key without "Bearer"', async () => {
      const key = await t.createKey([ACCOUNT], ['EmailConfiguration_Read']);
      await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set({ Authorization: key }).expect(200);
    });

    it("a key scoped to one account can neither read nor change another account's domains", async () => {
      const key = await t.createKey([ACCOUNT]);
      const h = { Authorization: `Bearer ${key}` };
      // list of the other account: the same answer as nothing at all there
      const list = await t.http.get(`${BASE}/configuration/accounts/${OTHER_ACCOUNT}`).set(h).expect(404);
      expect(list.body).toEqual({ statusCode: 'NotFound', statusMessage: 'Resource not found', domains: [] });
      // records: the same 404 a missing domain gets, through either account in the path
      for (const account of [OTHER_ACCOUNT, ACCOUNT]) {
        const res = await t.http.get(`${BASE}/configuration/dns/accounts/${account}/domains/${otherDomainId}`).set(h).expect(404);
        expect(res.body).toEqual({ statusCode: 'NotFound', statusMessage: 'DNS records not found for the specified domain' });
      }
      // the id-only delete: the same 404 a missing domain gets, and nothing changes
      const del = await t.http.delete(`${BASE}/configuration/dns/domains/${otherDomainId}`).set(h).expect(404);
      expect(del.body).toEqual({ statusCode: 'NotFound', statusMessage: 'Domain not found' });
      // verify: the same 400 a missing domain gets
      const verify = await t.http.post(`${BASE}/dns/accounts/${OTHER_ACCOUNT}/verify?domain=theirs.example.com`).set(h).expect(400);
      expect(verify.body).toEqual({ statusCode: 'InvalidRequest', message: 'Domain not found or not configured for this account', dnsEntries: [] });
      // create in the other account: refused
      const add = await t.http.post(`${BASE}/configuration`).set(h).send(seedRequest('sneaky.example.com', OTHER_ACCOUNT)).expect(401);
      expect(add.body).toEqual({ statusCode: 'Unauthorized', statusMessage: 'Access denied - insufficient permissions', domainConfig: null });
      // the other account's domain is untouched and the sneaky one does not exist
      await t.http.get(`${BASE}/configuration/dns/accounts/${OTHER_ACCOUNT}/domains/${otherDomainId}`).set(auth).expect(200);
      expect(await t.sql(`SELECT id FROM sending_domains WHERE name = 'sneaky.example.com'`)).toEqual([]);
      // and its own account works
      await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(h).expect(200);
    });
  });

  describe('unknown routes and methods', () => {
    it('answer 404 in the envelope, never 500', async () => {
      const res = await t.http.get(`${BASE}/nothing-here`).set(auth).expect(404);
      expect(res.body).toEqual({ statusCode: 'NotFound', statusMessage: 'Resource not found' });
      await t.http.put(`${BASE}/configuration`).set(auth).send({}).expect(404);
    });
  });

  describe('restart', () => {
    it('keeps the data: a new app on the same database sees every domain', async () => {
      const before = await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(auth).expect(200);
      await t.close();
      t = await startTestApp({ databaseUrl: t.databaseUrl, env: { DNS_SERVERS: dns.address } });
      const after = await t.http.get(`${BASE}/configuration/accounts/${ACCOUNT}`).set(auth).expect(200);
      expect(after.body).toEqual(before.body);
      expect(after.body.domains.length).toBeGreaterThan(5);
    });
  });
});
