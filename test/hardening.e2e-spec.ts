import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createDataSource } from '../apps/api/src/database/database.module.js';
import { ADMIN_KEY, createTestDatabase, startTestApp, type TestApp } from './support/app.js';
import { auth, CM, SEED_ACCOUNT } from './support/domains.js';

/** A valid domain name of exactly `length` characters under .com. */
function nameOf(length: number): string {
  let name = 'com';
  while (name.length < length) {
    const room = length - name.length - 1;
    name = `${'a'.repeat(room === 64 ? 62 : Math.min(63, room))}.${name}`;
  }
  return name;
}

describe('hardening: hostile and awkward input', () => {
  let t: TestApp;
  const admin = auth(ADMIN_KEY);
  const rows = async () => (await t.sql<{ n: number }>(`SELECT (SELECT count(*) FROM sending_domains) + (SELECT count(*) FROM dns_records) + (SELECT count(*) FROM api_keys) AS n`))[0]!.n;
  const seedBody = (domain: string, extra: Record<string, unknown> = {}) => ({ emailAddress: 'ops@example.com', domain, accountId: SEED_ACCOUNT, ...extra });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('names whose records would break DNS limits (253 per name, 63 per label)', () => {
    it('registers a 206-character name: its longest record host is exactly 253 characters', async () => {
      const res = await t.http.post(`${CM}/configuration`).set(admin).send(seedBody(nameOf(206))).expect(200);
      expect(Math.max(...res.body.domainConfig.dnsRecords.map((r: { host: string }) => r.host.length))).toBe(253);
    });

    it.each([207, 208, 209, 230, 253])('refuses a %i-character name with a 400 saying how long a name may be, storing nothing', async (length) => {
      const before = await rows();
      const res = await t.http.post(`${CM}/configuration`).set(admin).send(seedBody(nameOf(length))).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: expect.stringContaining('a domain name may be at most 206 characters long'), domainConfig: null });
      expect(await rows()).toBe(before);
    });
  });

  describe('control characters, whitespace and prototype keys', () => {
    it.each([
      ['a NUL in emailAddress', seedBody('nul.example.com', { emailAddress: 'ops\u0000@example.com' }), 'emailAddress must not contain control characters'],
      ['a BEL in emailAddress', seedBody('bel.example.com', { emailAddress: 'ops\u0007@example.com' }), 'emailAddress must not contain control characters'],
      ['a SOH in the domain', seedBody('soh\u0001.example.com'), 'domain must not contain control characters'],
      ['a NUL in a dnsRecords host', seedBody('rec.example.com', { dnsRecords: [{ host: 'a\u0000', type: 'CNAME', value: 'x.', isValid: false }] }), 'dnsRecords.0.host must not contain control characters'],
      ['a NUL in a key', JSON.parse('{"emailAddress":"a@example.com","domain":"key.example.com","accountId":"903e1cef-84b3-4500-a9a5-b2ca219f76f5","x\\u0000":1}'), 'unknown field "x\u0000"'],
      ['__proto__', JSON.parse('{"__proto__":{"isValid":true},"emailAddress":"a@example.com","domain":"proto.example.com","accountId":"903e1cef-84b3-4500-a9a5-b2ca219f76f5"}'), 'unknown field "__proto__"'],
      ['constructor', seedBody('ctor.example.com', { constructor: { name: 'x' } }), 'unknown field "constructor"'],
      ['a whitespace-only emailAddress', seedBody('ws.example.com', { emailAddress: '   ' }), 'emailAddress is required'],
    ])('refuses %s with a 400 naming the field (seed envelope), storing nothing', async (_what, body, message) => {
      const before = await rows();
      const res = await t.http.post(`${CM}/configuration`).set(admin).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: message, domainConfig: null });
      expect(await rows()).toBe(before);
    });

    it('trims text fields before storing them', async () => {
      await t.http.post(`${CM}/configuration`).set(admin).send(seedBody('trim.example.com', { emailAddress: '  ops@trim.example.com \t' })).expect(200);
      const [row] = await t.sql<{ email_address: string }>(`SELECT email_address FROM sending_domains WHERE name = 'trim.example.com'`);
      expect(row!.email_address).toBe('ops@trim.example.com');
    });

    it('a control character in a query parameter is a 400 naming it', async () => {
      const res = await t.http.post(`${CM}/dns/accounts/${SEED_ACCOUNT}/verify?domain=a%00b.com`).set(admin).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', message: 'domain must not contain control characters', dnsEntries: [] });
    });
  });

  describe('request parsing', () => {
    const deep = (levels: number) => `{"emailAddress":"a@example.com","domain":"deep.example.com","accountId":"${SEED_ACCOUNT}","dnsRecords":${'['.repeat(levels)}${']'.repeat(levels)}}`;

    it('refuses JSON nested 2,000 levels deep (under 100 kB) with a 400 on both surfaces', async () => {
      const body = deep(2000);
      expect(body.length).toBeLessThan(100 * 1024);
      const seed = await t.http.post(`${CM}/configuration`).set(admin).set('Content-Type', 'application/json').send(body).expect(400);
      expect(seed.body).toEqual({ statusCode: 'InvalidRequest', statusMessage: 'The JSON body is nested more than 16 levels deep', domainConfig: null });
      const native = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json').send(`{"name":${'['.repeat(2000)}${']'.repeat(2000)}}`).expect(400);
      expect(native.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'The JSON body is nested more than 16 levels deep' });
    });

    it('counts only structure, not brackets inside strings', async () => {
      const res = await t.http.post(`${CM}/configuration`).set(admin).send(seedBody('brackets.example.com', { dnsRecords: [{ host: '[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{', type: 'CNAME', value: '"\\"[[[', isValid: false }] })).expect(200);
      expect(res.body.domainConfig.domain).toBe('brackets.example.com');
    });

    it('answers 415 naming an unsupported Content-Encoding, and accepts gzip', async () => {
      const body = JSON.stringify(seedBody('encoded.example.com'));
      const res = await t.http.post(`${CM}/configuration`).set(admin).set('Content-Type', 'application/json').set('Content-Encoding', 'zstd-x').send(body).expect(415);
      expect(res.body).toEqual({
        statusCode: 'UnsupportedMediaType',
        statusMessage: 'Content-Encoding "zstd-x" is not supported: send the body uncompressed, or as gzip, deflate or br',
        domainConfig: null,
      });
      const native = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json').set('Content-Encoding', 'zstd-x').send('{}').expect(415);
      expect(native.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      const gzipped = await t.http.post(`${CM}/configuration`).set(admin).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip')
        .serialize(((raw: Buffer) => raw) as unknown as (body: unknown) => string) // superagent would JSON-encode the Buffer
        .send(gzipSync(body));
      expect([gzipped.status, gzipped.body]).toEqual([200, expect.objectContaining({ statusCode: 'Ok' })]);
    });

    it('answers 415 to a JSON body sent as text/plain or a form, naming the type it got', async () => {
      const text = await t.http.post(`${CM}/configuration`).set(admin).set('Content-Type', 'text/plain').send(JSON.stringify(seedBody('plain.example.com'))).expect(415);
      expect(text.body).toEqual({ statusCode: 'UnsupportedMediaType', statusMessage: 'Content-Type must be application/json, got "text/plain"', domainConfig: null });
      const form = await t.http.post('/api/v1/api-keys').set(admin).type('form').send({ name: 'x' }).expect(415);
      expect(form.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Content-Type must be application/json, got "application/x-www-form-urlencoded"' });
      const charset = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json; charset=latin1').send('{}').expect(415);
      expect(charset.body.detail).toMatch(/charset/i);
    });

    it('decodes deflate and br, refuses a body that inflates past 100 kB (413) or does not inflate (400), and stores nothing then', async () => {
      const raw = (test: ReturnType<typeof t.http.post>) => test.serialize(((body: Buffer) => body) as unknown as (body: unknown) => string);
      const send = (encoding: string, body: Buffer) => raw(t.http.post(`${CM}/configuration`).set(admin).set('Content-Type', 'application/json').set('Content-Encoding', encoding)).send(body);
      expect((await send('deflate', deflateSync(JSON.stringify(seedBody('deflated.example.com'))))).status).toBe(200);
      expect((await send('br', brotliCompressSync(JSON.stringify(seedBody('brotli.example.com'))))).status).toBe(200);
      // 2 MB of spaces inside a valid body: about 2 kB on the wire
      const bomb = await send('gzip', gzipSync(`{"domain":"bomb.example.com",${' '.repeat(2_000_000)}"accountId":"${SEED_ACCOUNT}","emailAddress":"a@example.com"}`));
      expect([bomb.status, bomb.body]).toEqual([413, { statusCode: 'PayloadTooLarge', statusMessage: 'Request body is too large (at most 100 kB)', domainConfig: null }]);
      const corrupt = await send('gzip', Buffer.from('not gzip at all'));
      expect(corrupt.status).toBe(400);
      expect(corrupt.body.statusMessage).toMatch(/could not be decompressed/);
      expect(await t.sql(`SELECT 1 FROM sending_domains WHERE name = 'bomb.example.com'`)).toEqual([]);
    });

    it('an empty JSON body is an empty object (a validation answer, not a parse error); a body on DELETE is ignored', async () => {
      const empty = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json').send('').expect(400);
      expect(empty.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const res = await t.http.delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000').set(admin).set('Content-Type', 'text/plain').send('anything').expect(404);
      expect(res.body).toMatchObject({ status: 404 });
    });

    it('answers a malformed or over-long URL in the envelope, with the security headers and a request id', async () => {
      const bad = await t.http.get(`${CM}/configuration/accounts/%zz`).set(admin).expect(400);
      expect(bad.body).toMatchObject({ statusCode: 'InvalidRequest' });
      expect(bad.headers['x-content-type-options']).toBe('nosniff');
      expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      // a long parameter reaches the route (a domain name is up to 253 characters), a very long one is refused
      const long = await t.http.get(`${CM}/configuration/accounts/${'a'.repeat(300)}`).set(admin);
      expect([400, 404]).toContain(long.status);
      expect(long.body.statusCode).toEqual(expect.any(String));
      const huge = await t.http.get(`/api/v1/accounts/${SEED_ACCOUNT}/domains/${'1'.repeat(2000)}`).set(admin).expect(400);
      expect(huge.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('a trailing slash names the same route', async () => {
      await t.http.get('/health/').expect(200);
    });

    it('says the domain query parameter must be given once', async () => {
      const res = await t.http.post(`${CM}/dns/accounts/${SEED_ACCOUNT}/verify?domain=x.example.com&domain=x.example.com`).set(admin).expect(400);
      expect(res.body).toEqual({ statusCode: 'InvalidRequest', message: 'The domain query parameter must be given once', dnsEntries: [] });
    });

    it('sends no X-Powered-By header', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.headers['x-powered-by']).toBeUndefined();
      const error = await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).expect(401);
      expect(error.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('the OpenAPI document', () => {
    it('describes the opaque API key scheme, integer ids with their range, UUID key ids and typed query parameters', async () => {
      const doc = t.contract.document as unknown as {
        components: { securitySchemes: Record<string, Record<string, unknown>> };
        paths: Record<string, Record<string, { parameters?: { name: string; schema?: Record<string, unknown> }[] }>>;
      };
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.stringContaining('not a JWT') });
      const param = (path: string, method: string, name: string) => doc.paths[path]![method]!.parameters!.find((p) => p.name === name)!.schema;
      expect(param(`${CM}/configuration/dns/domains/{domainId}`, 'delete', 'domainId')).toMatchObject({ type: 'integer', minimum: 1, maximum: 2147483647 });
      expect(param('/api/v1/api-keys/{id}', 'delete', 'id')).toMatchObject({ type: 'string', format: 'uuid' });
      expect(param(`${CM}/dns/accounts/{logicalAccountId}/verify`, 'post', 'domain')).toMatchObject({ type: 'string' });
      expect(param('/api/v1/api-keys', 'get', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    });

    it('lists 413 with its envelope on every operation that takes a body, and on no other', () => {
      const operations = Object.entries(t.contract.document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
      const bodied = operations.filter((o) => ['post', 'put', 'patch'].includes(o.method));
      expect(bodied.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining([`post ${CM}/configuration`, 'post /api/v1/accounts/{accountId}/domains', 'patch /api/v1/accounts/{accountId}/domains/{domainId}']));
      for (const { path, method, operation } of bodied) {
        expect([`${method} ${path}`, Object.keys(operation.responses['413']?.content ?? {})]).toEqual([`${method} ${path}`, [path.startsWith(CM) ? 'application/json' : 'application/problem+json']]);
      }
      expect(operations.filter((o) => !bodied.includes(o) && o.operation.responses['413']).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    });
  });
});

describe('migration: record columns sized for DNS', () => {
  it('soft-deletes domains stored with hosts over 253 characters before shrinking the column', async () => {
    const url = await createTestDatabase();
    const ds = await createDataSource(url).initialize();
    try {
      await ds.runMigrations();
      // back to before the size migration (host varchar(255)), whatever came after it
      const executed = async () => ((await ds.query(`SELECT name FROM migrations`)) as { name: string }[]).map((m) => m.name);
      while ((await executed()).includes('SizeRecordColumnsForDns1732350003000')) await ds.undoLastMigration();
      await ds.query(`INSERT INTO sending_domains (id, account_id, name, status, status_changed_at, created_on, next_check_at) VALUES
        (1, $1, 'long.example.com', 'pending', now(), now(), now()), (2, $1, 'fine.example.com', 'pending', now(), now(), now())`, [SEED_ACCOUNT]);
      await ds.query(`INSERT INTO dns_records (domain_id, position, purpose, type, host, value, required) VALUES
        (1, 0, 'dkim', 'CNAME', $1, 'x.example.net.', true), (2, 0, 'dkim', 'CNAME', 'cm.fine.example.com', 'x.example.net.', true)`, [`${`${'a'.repeat(60)}.`.repeat(3)}${'b'.repeat(59)}.example.com`]);
      await ds.runMigrations();
      expect(await ds.query(`SELECT id, status, deleted_on IS NOT NULL AS deleted FROM sending_domains ORDER BY id`)).toEqual([
        { id: 1, status: 'deleted', deleted: true },
        { id: 2, status: 'pending', deleted: false },
      ]);
      expect(await ds.query(`SELECT domain_id FROM dns_records`)).toEqual([{ domain_id: 2 }]);
      expect(await ds.query(`SELECT character_maximum_length AS n FROM information_schema.columns WHERE table_name = 'dns_records' AND column_name = 'host'`)).toEqual([{ n: 253 }]);
    } finally {
      await ds.destroy();
    }
  });
});
