/**
 * Idempotency-Key on POST routes, on both surfaces, on real PostgreSQL: a retry answers the first
 * answer and never creates twice; another request under the same key is a 409.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { auth, CM, SEED_ACCOUNT } from './support/domains.js';
import { SesStub } from './support/ses-stub.js';
import { waitFor } from './support/wait-for.js';

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

describe('Idempotency-Key: a request that runs longer than its lease', () => {
  let ses: SesStub;
  let t: TestApp;
  beforeAll(async () => {
    // the SDK's default credential chain reads these first; the stub accepts any signature
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-never-logged';
    ses = await SesStub.start();
    // the shortest lease the configuration accepts: renewed every second while the request runs
    t = await startTestApp({ env: { MAIL_PROVIDER: 'ses', AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint, IDEMPOTENCY_LEASE_SECONDS: '3' } });
  });
  afterAll(async () => {
    ses?.release();
    await t?.close();
    await ses?.stop();
  });

  const count = async (name: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains WHERE name = $1`, [name]))[0]!.n;
  const creates = () => ses.calls('POST', '/v2/email/identities').length;
  const leaseOf = async (key: string) => (await t.sql<{ lease_until: Date | null }>(`SELECT lease_until FROM idempotency_keys WHERE key = $1`, [key]))[0];

  it('keeps its key past the first lease (a retry meanwhile is 409 IN_PROGRESS, not a second run); afterwards the retry gets its answer', async () => {
    const send = () => t.http.post(NATIVE).set(admin).set('Idempotency-Key', 'long-run').send({ domain: 'long-run.example.com' });
    // SES holds the registration's CreateEmailIdentity: the request runs until release() (the SDK
    // only warns once its 3 s requestTimeout has passed)
    ses.hold();
    const first = send().then((res) => res);
    await waitFor('the registration to reach SES', () => creates() === 1);
    const claimed = (await leaseOf('long-run'))!.lease_until!;
    // by the database's clock the lease read above is over: without renewal, a retry would take the key and run
    await waitFor('that lease to be over', async () => (await t.sql<{ over: boolean }>(`SELECT now() > $1::timestamptz AS over`, [claimed]))[0]!.over, { timeoutMs: 30_000, intervalMs: 100 });
    let answered = false;
    const during = send().then((res) => ((answered = true), res));
    // a second run would reach SES too (and be held there): wait for whichever comes
    await waitFor('the retry to be answered (or to reach SES as a second run)', () => answered || creates() > 1);
    expect(creates()).toBe(1);
    const busy = await during;
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect((await leaseOf('long-run'))!.lease_until!.getTime()).toBeGreaterThan(claimed.getTime()); // renewed
    expect(await count('long-run.example.com')).toBe(0); // still running

    ses.release();
    const answer = await first;
    expect(answer.status).toBe(201);
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
    const retry = await send().expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(answer.body);
    expect(await count('long-run.example.com')).toBe(1);
    expect(creates()).toBe(1); // one run
  });
});
