/**
 * Idempotency-Key on POST routes, on both surfaces, on real PostgreSQL: a retry answers the first
 * answer and never creates twice; another request under the same key is a 409.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { auth, CM, SEED_ACCOUNT } from './support/domains.js';

const NATIVE = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;
const admin = auth(ADMIN_KEY);

describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (name: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains WHERE name = $1`, [name]))[0]!.n;

  it('native: a retry answers the first answer (Idempotent-Replayed), one domain; another body under the key is a 409', async () => {
    const first = await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'reg-1').send({ domain: 'once.example.com' }).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'reg-1').send({ domain: 'once.example.com' }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await count('once.example.com')).toBe(1);

    const other = await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'reg-1').send({ domain: 'other.example.com' }).expect(409);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', detail: expect.stringContaining('different request') });
    expect(await count('other.example.com')).toBe(0);
    // without the key, a second registration of the name is the usual conflict
    await t.http.post(NATIVE).set(admin).send({ domain: 'once.example.com' }).expect(409);
  });

  it('seed: the same on POST /configuration, in the seed envelope', async () => {
    const body = { domain: 'seed-once.example.com', accountId: SEED_ACCOUNT, emailAddress: 'a@seed-once.example.com' };
    const first = await t.http.post(`${CM}/configuration`).set(admin).set('Idempotency-Key', 'seed-1').send(body).expect(200);
    const retry = await t.http.post(`${CM}/configuration`).set(admin).set('Idempotency-Key', 'seed-1').send({ emailAddress: body.emailAddress, accountId: SEED_ACCOUNT, domain: body.domain }).expect(200);
    expect(retry.body).toEqual(first.body); // key order does not make another request
    expect(await count('seed-once.example.com')).toBe(1);
    const other = await t.http.post(`${CM}/configuration`).set(admin).set('Idempotency-Key', 'seed-1').send({ ...body, domain: 'seed-other.example.com' }).expect(409);
    expect(other.body).toEqual({ statusCode: 'Conflict', statusMessage: expect.stringContaining('different request'), domainConfig: null });
  });

  it('concurrent retries create one domain: the others get the answer or a 409 "still being processed"', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'race-1').send({ domain: 'race.example.com' })),
    );
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const a of answers.filter((x) => x.status !== 201)) expect(a.body).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(await count('race.example.com')).toBe(1);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
  });

  it('a registration keeps its answer in the transaction that stores the domain (both surfaces)', async () => {
    await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'same-tx-native').send({ domain: 'same-tx.example.com' }).expect(201);
    const seed = { domain: 'same-tx-seed.example.com', accountId: SEED_ACCOUNT, emailAddress: 'a@same-tx-seed.example.com' };
    await t.http.post(`${CM}/configuration`).set(admin).set('Idempotency-Key', 'same-tx-seed').send(seed).expect(200);
    const rows = await t.sql<{ key: string; status: number; key_xmin: string; domain_xmin: string }>(
      `SELECT k.key, k.status, k.xmin::text AS key_xmin, d.xmin::text AS domain_xmin
         FROM idempotency_keys k JOIN sending_domains d ON d.name = $1 OR d.name = $2
        WHERE k.key IN ('same-tx-native', 'same-tx-seed') AND (k.key = 'same-tx-native') = (d.name = $1) ORDER BY k.key`,
      ['same-tx.example.com', 'same-tx-seed.example.com'],
    );
    expect(rows.map((r) => [r.key, r.status, r.key_xmin === r.domain_xmin])).toEqual([
      ['same-tx-native', 201, true],
      ['same-tx-seed', 200, true],
    ]);
  });

  it('a retry after the first run\'s lease is over (its process died) runs, and registers once', async () => {
    // what a run that died leaves: its claim, no answer, the lease over
    await t.sql(
      `INSERT INTO idempotency_keys (owner, key, fingerprint, created_at, expires_at, claim, lease_until)
       SELECT owner, 'dead-run', fingerprint, now(), now() + interval '1 day', gen_random_uuid(), now() - interval '1 second'
         FROM idempotency_keys WHERE key = 'reg-1'`,
    );
    // the fingerprint of that row is the one of reg-1's request: the same request under another key
    const retry = await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'dead-run').send({ domain: 'once.example.com' });
    expect(retry.status).toBe(409); // it ran: once.example.com exists already (registered under reg-1)
    expect(retry.body).toMatchObject({ code: 'DOMAIN_EXISTS' });
    // while a run's lease lasts, the key is in progress
    await t.sql(
      `INSERT INTO idempotency_keys (owner, key, fingerprint, created_at, expires_at, claim, lease_until)
       SELECT owner, 'live-run', fingerprint, now(), now() + interval '1 day', gen_random_uuid(), now() + interval '1 minute'
         FROM idempotency_keys WHERE key = 'reg-1'`,
    );
    const busy = await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'live-run').send({ domain: 'once.example.com' }).expect(409);
    expect(busy.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('a kept answer holding a secret (a new API key) is replayed, but never stored readable', async () => {
    const body = { name: 'kept', accountIds: [SEED_ACCOUNT], permissions: ['EmailConfiguration_Read'] };
    const first = await t.http.post('/api/v1/api-keys').set(admin).set('Idempotency-Key', 'new-key-1').send(body).expect(201);
    const retry = await t.http.post('/api/v1/api-keys').set(admin).set('Idempotency-Key', 'new-key-1').send(body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const [stored] = await t.sql<{ body: unknown }>(`SELECT body FROM idempotency_keys WHERE key = 'new-key-1'`);
    expect(JSON.stringify(stored!.body)).not.toContain(first.body.key);
    expect(JSON.stringify(stored!.body)).not.toContain(first.body.id);
    expect(await t.sql(`SELECT count(*)::int AS n FROM api_keys WHERE name = 'kept'`)).toEqual([{ n: 1 }]);
  });

  it('keys belong to an API key: another key may use the same one', async () => {
    const other = await t.createKey([SEED_ACCOUNT]);
    await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'shared-key').send({ domain: 'k1.example.com' }).expect(201);
    await t.http.post(NATIVE).set(auth(other)).set('Idempotency-Key', 'shared-key').send({ domain: 'k2.example.com' }).expect(201);
    expect(await count('k2.example.com')).toBe(1);
  });

  it('an error answer leaves the key free; a malformed key is a 400', async () => {
    await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'fix-1').send({ domain: 'not a domain' }).expect(400);
    await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'fix-1').send({ domain: 'fixed.example.com' }).expect(201);
    const bad = await t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'x'.repeat(256)).send({ domain: 'long-key.example.com' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
    expect(await count('long-key.example.com')).toBe(0);
  });

  it('is documented on every authenticated POST', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown>; security?: unknown[] }>> };
    const posts = Object.values(doc.paths).flatMap((item) => (item.post && item.post.security?.length ? [item.post] : []));
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const op of posts) {
      expect(op.parameters?.some((p) => p.name === 'Idempotency-Key')).toBe(true);
      expect(op.responses['409']).toBeDefined();
    }
  });
});
