/**
 * The native API (/api/v1/accounts/{accountId}/domains) end to end, on real PostgreSQL and the
 * in-process DNS server: every route, every error code, pagination and sorting over 1,000
 * domains, the default flag under concurrency, IDN names, suspension, the zone file.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, CM, SEED_ACCOUNT } from './support/domains.js';
import { mapLimited } from './support/wait-for.js';

const OTHER = '11111111-2222-4333-8444-555555555555';
const LISTED = '22222222-3333-4444-8555-666666666666';
const ACCT = SEED_ACCOUNT.replace(/-/g, '');
const API = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;
const admin = auth(ADMIN_KEY);

describe('native API: domains', () => {
  let t: TestApp;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  const register = (body: Record<string, unknown>, account = SEED_ACCOUNT, headers = admin) =>
    t.http.post(`/api/v1/accounts/${account}/domains`).set(headers).send(body);

  describe('POST …/domains', () => {
    it('registers with every option and answers 201 with the one representation', async () => {
      const res = await register({
        domain: 'Full.Example.com',
        emailAddress: 'ops@example.com',
        description: 'Transactional mail',
        externalId: 'client_domain_123',
        metadata: { client_name: 'Acme Corp', plan: 'enterprise' },
        region: 'eu-west-1',
        trackingPrefix: 'Email',
        mailFromSubdomain: 'bounce',
        receiving: true,
        ownershipToken: true,
        settings: { requireTls: true, spamAction: 'tag' },
      }).expect(201);
      const [{ id: keyId }] = await t.sql<{ id: string }>(`SELECT id FROM api_keys WHERE name = 'admin'`);
      expect(res.body).toMatchObject({
        id: expect.any(Number),
        accountId: SEED_ACCOUNT,
        domain: 'full.example.com',
        asciiDomain: 'full.example.com',
        status: 'pending',
        isValid: false,
        isDefault: false,
        description: 'Transactional mail',
        externalId: 'client_domain_123',
        metadata: { client_name: 'Acme Corp', plan: 'enterprise' },
        region: 'eu-west-1',
        settings: { requireTls: true, spamAction: 'tag', webScheme: 'https' },
        trackingPrefix: 'email',
        mailFromSubdomain: 'bounce',
        receiving: true,
        suspension: null,
        createdBy: keyId,
        emailAddress: 'ops@example.com',
        verifiedAt: null,
        lastCheckedAt: null,
        dkimTokens: [`cm2${ACCT}`, `cm1${ACCT}`],
        verificationStatus: { dkim: false, returnPath: false, spf: false, dmarc: false, mx: false, tracking: false, ownership: false },
      });
      expect(res.body.checks.dkim).toEqual({ status: 'waiting_for_user', attempts: 0, requestedAt: expect.any(String), completedAt: null, error: null, details: {} });
      expect(Date.parse(res.body.checks.dkim.requestedAt)).toBeGreaterThanOrEqual(Date.parse(res.body.createdAt));
      expect(res.body.dnsRecords.map((r: { purpose: string; type: string; host: string; value: string; required: boolean; priority: number | null }) => [r.purpose, r.type, r.host, r.value, r.required, r.priority])).toEqual([
        ['dkim', 'CNAME', `cm2${ACCT}._domainkey.full.example.com`, `${ACCT}cm2._domainkey.email.cmtest.nl.`, true, null],
        ['returnPath', 'CNAME', 'bounce.full.example.com', `${ACCT}.email.cmtest.nl.`, true, null],
        ['dkim', 'CNAME', `cm1${ACCT}._domainkey.full.example.com`, `${ACCT}cm1._domainkey.email.cmtest.nl.`, true, null],
        ['spf', 'TXT', 'full.example.com', 'v=spf1 include:_spf.email.cmtest.nl ~all', false, null],
        ['dmarc', 'TXT', '_dmarc.full.example.com', 'v=DMARC1; p=none;', false, null],
        ['mx', 'MX', 'full.example.com', 'inbound.email.cmtest.nl.', false, 10],
        ['tracking', 'CNAME', 'email.full.example.com', 'track.email.cmtest.nl.', false, null],
        ['ownership', 'TXT', '_sds-verification.full.example.com', expect.stringMatching(/^sds-verification=[A-Za-z0-9_-]{32}$/), true, null],
      ]);
    });

    it('takes an IDN name in Unicode, shows it back in Unicode and stores it in punycode', async () => {
      const res = await register({ domain: 'Bücher.Example.com' }).expect(201);
      expect(res.body).toMatchObject({ domain: 'bücher.example.com', asciiDomain: 'xn--bcher-kva.example.com' });
      expect(await t.sql(`SELECT name, display_name FROM sending_domains WHERE id = $1`, [res.body.id])).toEqual([{ name: 'xn--bcher-kva.example.com', display_name: 'bücher.example.com' }]);
      expect(res.body.dnsRecords[0].host).toBe(`cm2${ACCT}._domainkey.xn--bcher-kva.example.com`);
    });

    it('adds SPF and DMARC by default, and leaves them out when asked', async () => {
      const plain = await register({ domain: 'plain.example.com' }).expect(201);
      expect(plain.body.dnsRecords.map((r: { purpose: string }) => r.purpose)).toEqual(['dkim', 'returnPath', 'dkim', 'spf', 'dmarc']);
      const bare = await register({ domain: 'bare.example.com', spf: false, dmarc: false }).expect(201);
      expect(bare.body.dnsRecords.map((r: { purpose: string }) => r.purpose)).toEqual(['dkim', 'returnPath', 'dkim']);
    });

    it.each([
      [{ domain: 'full.example.com' }, 409, 'DOMAIN_EXISTS'],
      [{ domain: 'not a domain' }, 400, 'DOMAIN_INVALID'],
      [{ domain: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(23)}.com` }, 400, 'DOMAIN_INVALID'],
      [{ domain: '' }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', admin: true }, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', metadata: { nested: { a: 1 } } }, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', description: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', settings: { spamAction: 'delete' } }, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', trackingPrefix: 'a.b' }, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', region: 'mars' }, 400, 'VALIDATION_FAILED'],
      [{ domain: 'x.example.com', emailAddress: 'nope' }, 400, 'VALIDATION_FAILED'],
    ])('refuses %j with %i %s, storing nothing', async (body, status, code) => {
      const before = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains`))[0]!.n;
      const res = await register(body).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code, detail: expect.any(String) });
      if (code === 'VALIDATION_FAILED' && (body as { domain?: string }).domain === 'x.example.com') expect(res.body.field).toEqual(expect.any(String));
      expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains`))[0]!.n).toBe(before);
    });

    it('says how long a name may be', async () => {
      const res = await register({ domain: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(23)}.com` }).expect(400);
      expect(res.body.detail).toMatch(/a domain name may be at most 206 characters long/);
    });

    it('answers 403 FORBIDDEN to a key without the account or the permission, 401 UNAUTHORIZED without a key, 415 to a form', async () => {
      const other = await t.createKey([OTHER]);
      expect((await register({ domain: 'theirs.example.com' }, SEED_ACCOUNT, auth(other)).expect(403)).body.code).toBe('FORBIDDEN');
      const reader = await t.createKey([SEED_ACCOUNT], ['EmailConfiguration_Read']);
      expect((await register({ domain: 'r.example.com' }, SEED_ACCOUNT, auth(reader)).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await t.http.post(API).send({ domain: 'n.example.com' }).expect(401)).body.code).toBe('UNAUTHORIZED');
      await t.http.post(API).set(admin).type('form').send({ domain: 'f.example.com' }).expect(415);
    });
  });

  describe('GET …/{id}, …/dns-records, …/zone-file, and another account', () => {
    let id: number;
    beforeAll(async () => {
      id = (await register({ domain: 'read.example.com', receiving: true, ownershipToken: true }).expect(201)).body.id;
    });

    it('reads the domain, its records and its zone file', async () => {
      const domain = await t.http.get(`${API}/${id}`).set(admin).expect(200);
      expect(domain.body).toMatchObject({ id, domain: 'read.example.com', status: 'pending' });
      const records = await t.http.get(`${API}/${id}/dns-records`).set(admin).expect(200);
      expect(records.body).toEqual({ items: domain.body.dnsRecords, total: 7 });
      const zone = await t.http.get(`${API}/${id}/zone-file`).set(admin).expect(200);
      expect(zone.headers['content-type']).toMatch(/^text\/plain/);
      expect(zone.text).toContain(`cm2${ACCT}._domainkey.read.example.com.\t3600\tIN\tCNAME\t${ACCT}cm2._domainkey.email.cmtest.nl.`);
      expect(zone.text).toContain('read.example.com.\t3600\tIN\tMX\t10 inbound.email.cmtest.nl.');
      expect(zone.text).toContain('_dmarc.read.example.com.\t3600\tIN\tTXT\t"v=DMARC1; p=none;"');
      expect(zone.text).toMatch(/; Ownership token: proves the domain is yours \(required\)\n_sds-verification\.read\.example\.com\.\t3600\tIN\tTXT\t"sds-verification=/);
    });

    it('answers another account\'s domain exactly as a missing one, on every route', async () => {
      const scoped = await t.createKey([OTHER]);
      const missing = 2_000_000_000;
      const routes = (domainId: number, account = SEED_ACCOUNT) => [
        () => t.http.get(`/api/v1/accounts/${account}/domains/${domainId}`),
        () => t.http.get(`/api/v1/accounts/${account}/domains/${domainId}/dns-records`),
        () => t.http.get(`/api/v1/accounts/${account}/domains/${domainId}/zone-file`),
        () => t.http.patch(`/api/v1/accounts/${account}/domains/${domainId}`).send({ description: 'x' }),
        () => t.http.post(`/api/v1/accounts/${account}/domains/${domainId}/verify`),
        () => t.http.delete(`/api/v1/accounts/${account}/domains/${domainId}`),
      ];
      for (const [i, route] of routes(id).entries()) {
        const theirs = await route().set(auth(scoped)).expect(404);
        const absent = await routes(missing)[i]!().set(admin).expect(404);
        const wrongPath = await routes(id, OTHER)[i]!().set(admin).expect(404);
        for (const res of [theirs, wrongPath]) expect(res.body).toMatchObject({ status: 404, code: absent.body.code, detail: absent.body.detail });
      }
      expect((await t.http.get(`/api/v1/accounts/${SEED_ACCOUNT}/domains`).set(auth(scoped)).expect(404)).body.code).toBe('DOMAIN_NOT_FOUND');
      expect((await t.sql(`SELECT description, deleted_on FROM sending_domains WHERE id = $1`, [id]))[0]).toEqual({ description: null, deleted_on: null });
    });

    it('refuses malformed ids: 400 VALIDATION_FAILED', async () => {
      for (const path of [`${API}/abc`, `${API}/0`, `/api/v1/accounts/nope/domains/${id}`, `/api/v1/accounts/nope/domains`]) {
        expect((await t.http.get(path).set(admin).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('GET …/domains: filter, search, sort, page over 1,000 domains', () => {
    const list = (query: string) => t.http.get(`/api/v1/accounts/${LISTED}/domains?${query}`).set(admin).expect(200);

    beforeAll(async () => {
      // 1,000 domains straight into the table: registering them one by one would test nothing more
      await t.sql(
        `INSERT INTO sending_domains (id, account_id, name, display_name, status, status_changed_at, created_on, next_check_at)
         SELECT nextval('sending_domains_id_seq'), $1, 'n' || lpad(i::text, 4, '0') || '.example.com', 'n' || lpad(i::text, 4, '0') || '.example.com',
                (ARRAY['pending','active','failed','suspended'])[1 + i % 4], now(), timestamptz '2026-01-01' + ((i / 3) * interval '1 minute'), now()
           FROM generate_series(1, 1000) AS i`,
        [LISTED],
      );
    });

    it.each(['createdAt', '-createdAt', 'domain', '-domain'])('pages through all of them exactly once, sorted by %s, ties stable', async (sort) => {
      const seen: { id: number; domain: string; createdAt: string }[] = [];
      for (let offset = 0; offset < 1000; offset += 150) {
        const page = await list(`sort=${sort}&limit=150&offset=${offset}`);
        expect(page.body).toMatchObject({ total: 1000, limit: 150, offset });
        seen.push(...page.body.items);
      }
      expect(seen).toHaveLength(1000);
      expect(new Set(seen.map((d) => d.id)).size).toBe(1000);
      const key = sort.replace('-', '') === 'domain' ? (d: (typeof seen)[0]) => d.domain : (d: (typeof seen)[0]) => d.createdAt;
      const sorted = [...seen].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
      if (sort.startsWith('-')) sorted.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : b.id - a.id));
      expect(seen.map((d) => d.id)).toEqual(sorted.map((d) => d.id));
      // the same query twice gives the same order (ties broken by id)
      expect((await list(`sort=${sort}&limit=50&offset=300`)).body.items.map((d: { id: number }) => d.id)).toEqual(seen.slice(300, 350).map((d) => d.id));
    });

    it('filters by one or several statuses, and by a name prefix', async () => {
      expect((await list('status=active&limit=1')).body.total).toBe(250);
      const two = await list('status=active&status=failed&limit=1000');
      expect(two.body.total).toBe(500);
      expect(two.body.items.every((d: { status: string }) => ['active', 'failed'].includes(d.status))).toBe(true);
      expect((await list('search=n00&limit=1000')).body.total).toBe(99);
      expect((await list('search=N099&limit=1000')).body.items.map((d: { domain: string }) => d.domain)).toEqual(['n0990.example.com', 'n0991.example.com', 'n0992.example.com', 'n0993.example.com', 'n0994.example.com', 'n0995.example.com', 'n0996.example.com', 'n0997.example.com', 'n0998.example.com', 'n0999.example.com']);
      expect((await list('search=n%25&limit=10')).body.total).toBe(0); // % is a character, not a wildcard
      expect((await list('offset=5000')).body).toMatchObject({ items: [], total: 1000 });
    });

    it('finds an IDN by its Unicode or its punycode prefix', async () => {
      const found = await t.http.get(`${API}?search=${encodeURIComponent('bü')}`).set(admin).expect(200);
      expect(found.body.items.map((d: { domain: string }) => d.domain)).toEqual(['bücher.example.com']);
      const ascii = await t.http.get(`${API}?search=xn--bcher`).set(admin).expect(200);
      expect(ascii.body.items.map((d: { asciiDomain: string }) => d.asciiDomain)).toEqual(['xn--bcher-kva.example.com']);
    });

    it('sorts by the Unicode name the list shows, not its punycode form', async () => {
      const account = '7e57ab1e-0000-4000-8000-0000000050f7';
      const url = `/api/v1/accounts/${account}/domains`;
      for (const domain of ['ya-sort.example.de', 'bücher-sort.example.de', 'ca-sort.example.de', 'aa-sort.example.de']) {
        await t.http.post(url).set(admin).send({ domain }).expect(201);
      }
      const names = async (sort: string) => (await t.http.get(`${url}?sort=${sort}`).set(admin).expect(200)).body.items.map((d: { domain: string }) => d.domain);
      // (as punycode, xn--bcher-sort-… would come after ca-sort)
      expect(await names('domain')).toEqual(['aa-sort.example.de', 'bücher-sort.example.de', 'ca-sort.example.de', 'ya-sort.example.de']);
      expect(await names('-domain')).toEqual(['ya-sort.example.de', 'ca-sort.example.de', 'bücher-sort.example.de', 'aa-sort.example.de']);
      // served by an index on (account, Unicode name, id)
      const plan = await t.sql<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM sending_domains WHERE account_id = $1 AND deleted_on IS NULL ORDER BY display_name, id LIMIT 20`,
        [account],
      );
      expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('sending_domains_account_display_sort');
    });

    it.each([['limit=0'], ['limit=1001'], ['status=deleted'], ['status=bogus'], ['sort=name'], ['search=' + 'x'.repeat(254)], ['x=1']])('refuses %s with 400 VALIDATION_FAILED', async (query) => {
      const res = await t.http.get(`/api/v1/accounts/${LISTED}/domains?${query}`).set(admin).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('PATCH …/{id}', () => {
    it('changes fields, keeps the others, and answers the domain', async () => {
      const { id } = (await register({ domain: 'patch.example.com', metadata: { a: '1' } }).expect(201)).body;
      const res = await t.http.patch(`${API}/${id}`).set(admin).send({ description: 'New', externalId: 'ext-1', metadata: { b: '2' }, settings: { webScheme: 'http' }, emailAddress: 'new@example.com' }).expect(200);
      expect(res.body).toMatchObject({ description: 'New', externalId: 'ext-1', metadata: { b: '2' }, settings: { requireTls: false, spamAction: 'disabled', webScheme: 'http' }, emailAddress: 'new@example.com' });
      expect(res.body.updatedAt > res.body.createdAt).toBe(true);
      const cleared = await t.http.patch(`${API}/${id}`).set(admin).send({ description: null }).expect(200);
      expect(cleared.body).toMatchObject({ description: null, externalId: 'ext-1' });
    });

    it('regenerates the tracking record when the prefix changes, keeping the other records as they are', async () => {
      const created = (await register({ domain: 'track.example.com', trackingPrefix: 'email' }).expect(201)).body;
      const before = created.dnsRecords.filter((r: { purpose: string }) => r.purpose !== 'tracking');
      const res = await t.http.patch(`${API}/${created.id}`).set(admin).send({ trackingPrefix: 'clicks' }).expect(200);
      const tracking = res.body.dnsRecords.filter((r: { purpose: string }) => r.purpose === 'tracking');
      expect(tracking).toEqual([expect.objectContaining({ host: 'clicks.track.example.com', value: 'track.email.cmtest.nl.', status: 'unchecked' })]);
      expect(res.body.dnsRecords.filter((r: { purpose: string }) => r.purpose !== 'tracking').map((r: { id: number }) => r.id)).toEqual(before.map((r: { id: number }) => r.id));
      expect(res.body.trackingPrefix).toBe('clicks');
      const removed = await t.http.patch(`${API}/${created.id}`).set(admin).send({ trackingPrefix: null }).expect(200);
      expect(removed.body.dnsRecords.some((r: { purpose: string }) => r.purpose === 'tracking')).toBe(false);
    });

    it('keeps exactly one default per account after 10 concurrent switches', async () => {
      const ids = (await mapLimited(Array.from({ length: 10 }, (_, i) => i), 10, (i) => register({ domain: `default${i}.example.com`, isDefault: i === 0 }).expect(201))).map((r) => r.body.id as number);
      const results = await Promise.all(ids.map((id) => t.http.patch(`${API}/${id}`).set(admin).send({ isDefault: true })));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      const defaults = await t.sql(`SELECT id FROM sending_domains WHERE account_id = $1 AND is_default AND deleted_on IS NULL`, [SEED_ACCOUNT]);
      expect(defaults).toHaveLength(1);
      const listed = await t.http.get(`${API}?limit=1000`).set(admin).expect(200);
      expect(listed.body.items.filter((d: { isDefault: boolean }) => d.isDefault)).toHaveLength(1);
    });

    it('suspends with a reason, refuses any other status, and resumes by verifying at once (never forced active)', async () => {
      const domain = 'suspend.example.com';
      const created = (await register({ domain, spf: false, dmarc: false }).expect(201)).body;
      const suspended = await t.http.patch(`${API}/${created.id}`).set(admin).send({ status: 'suspended', reason: 'bounce rate too high' }).expect(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', suspension: { reason: 'bounce rate too high', at: expect.any(String) } });
      expect((await t.http.post(`${API}/${created.id}/verify`).set(admin).expect(422)).body.code).toBe('VERIFICATION_FAILED');
      for (const status of ['pending', 'failed', 'deleted', 'verified']) {
        const res = await t.http.patch(`${API}/${created.id}`).set(admin).send({ status }).expect(409);
        expect(res.body.code).toBe('INVALID_TRANSITION');
      }
      // nothing published: resuming leaves it pending, as verification says
      const resumed = await t.http.patch(`${API}/${created.id}`).set(admin).send({ status: 'active' }).expect(200);
      expect(resumed.body).toMatchObject({ status: 'pending', suspension: null, lastCheckedAt: expect.any(String) });
      // a pending domain cannot be forced active
      expect((await t.http.patch(`${API}/${created.id}`).set(admin).send({ status: 'active' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
    });
  });

  describe('verification of every record kind', () => {
    it('a domain published correctly becomes active with every check verified', async () => {
      const domain = 'everything.example.com';
      const created = (await register({ domain, receiving: true, trackingPrefix: 'email', mailFromSubdomain: 'bounce', ownershipToken: true }).expect(201)).body;
      dns.set(domain, 'SOA', { mname: 'ns1.example.com', rname: 'hostmaster.example.com' });
      for (const r of created.dnsRecords as { type: 'CNAME' | 'TXT' | 'MX'; host: string; value: string; priority: number | null }[]) {
        if (r.type === 'MX') dns.add(r.host, 'MX', { preference: r.priority!, exchange: r.value });
        else if (r.type === 'TXT') dns.add(r.host, 'TXT', r.value.replace('p=none', 'p=quarantine'));
        else dns.set(r.host, 'CNAME', r.value);
      }
      const res = await t.http.post(`${API}/${created.id}/verify`).set(admin).expect(200);
      expect(res.body).toMatchObject({ status: 'active', isValid: true, verifiedAt: expect.any(String) });
      expect(Object.values(res.body.checks).map((c) => (c as { status: string }).status)).toEqual(Array(7).fill('verified'));
      expect(res.body.verificationStatus).toEqual({ dkim: true, returnPath: true, spf: true, dmarc: true, mx: true, tracking: true, ownership: true });
      expect(res.body.checks.spf.details).toMatchObject({ lookups: 1, voidLookups: 0 });
      expect(res.body.checks.dmarc.details).toMatchObject({ policy: 'quarantine', effectivePolicy: 'quarantine', inheritedFrom: null });
      expect(res.body.dnsRecords.every((r: { status: string; diagnosis: string | null }) => r.status === 'valid' && r.diagnosis === null)).toBe(true);
    });

    it('keeps a domain with broken recommended records active, names what is wrong, and suggests the merged SPF record', async () => {
      const domain = 'partial.example.com';
      const created = (await register({ domain }).expect(201)).body;
      for (const r of created.dnsRecords.filter((x: { type: string }) => x.type === 'CNAME')) dns.set(r.host, 'CNAME', r.value);
      dns.set(domain, 'TXT', 'v=spf1 include:_spf.google.com ~all').set('_spf.google.com', 'TXT', 'v=spf1 ip4:35.190.247.0/24 ~all');
      const res = await t.http.post(`${API}/${created.id}/verify`).set(admin).expect(200);
      expect(res.body.status).toBe('active');
      const spf = res.body.dnsRecords.find((r: { purpose: string }) => r.purpose === 'spf');
      expect(spf).toMatchObject({ status: 'mismatch', suggestedValue: 'v=spf1 include:_spf.google.com include:_spf.email.cmtest.nl ~all' });
      expect(res.body.checks).toMatchObject({ spf: { status: 'waiting_for_user', error: expect.stringMatching(/does not include/) }, dmarc: { status: 'waiting_for_user' } });
    });
  });

  describe('DELETE …/{id}', () => {
    it('soft-deletes, answers when, and the name is free again', async () => {
      const { id } = (await register({ domain: 'gone.example.com', isDefault: true }).expect(201)).body;
      const res = await t.http.delete(`${API}/${id}`).set(admin).expect(200);
      expect(res.body).toEqual({ success: true, message: 'Domain deleted', deletedAt: expect.any(String) });
      await t.http.get(`${API}/${id}`).set(admin).expect(404);
      await t.http.delete(`${API}/${id}`).set(admin).expect(404);
      await register({ domain: 'gone.example.com' }).expect(201);
    });
  });

  describe('the seed-000 surface beside it', () => {
    it('shows a natively registered domain with its DKIM and return-path records only, in the seed\'s shape', async () => {
      const created = (await register({ domain: 'both.example.com', receiving: true, trackingPrefix: 'email' }).expect(201)).body;
      const records = await t.http.get(`${CM}/configuration/dns/accounts/${SEED_ACCOUNT}/domains/${created.id}`).set(admin).expect(200);
      expect(records.body.dnsRecords.map((r: { host: string }) => r.host)).toEqual([
        `cm2${ACCT}._domainkey.both.example.com`,
        `cm${ACCT}.both.example.com`,
        `cm1${ACCT}._domainkey.both.example.com`,
      ]);
      const list = await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(admin).expect(200);
      expect(list.body.domains.find((d: { id: number }) => d.id === created.id).dnsRecords).toHaveLength(3);
    });
  });
});
