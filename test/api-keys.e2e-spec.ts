import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';

const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const OTHER = '11111111-2222-4333-8444-555555555555';

describe('API keys (/api/v1/api-keys)', () => {
  let t: TestApp;
  const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a key, shows the secret once, stores only its hash, and the key works at once', async () => {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: 'reader', accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'reader',
      prefix: res.body.key.slice(0, 10),
      key: expect.stringMatching(/^sds_[A-Za-z0-9_-]{43}$/),
      accountIds: [ACCOUNT],
      permissions: ['EmailConfiguration_Read'],
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const stored = await t.sql(`SELECT * FROM api_keys WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(stored)).not.toContain(res.body.key);
    await t.http.get(`/email/configuration/v1/configuration/accounts/${ACCOUNT}`).set({ Authorization: `Bearer ${res.body.key}` }).expect(200);

    const list = await t.http.get('/api/v1/api-keys').set(admin).expect(200);
    const listed = list.body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toMatchObject({ name: 'reader', prefix: res.body.prefix });
    expect(listed.key).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toMatch(/"hash"|sds_[A-Za-z0-9_-]{43}/);
  });

  it('revokes a key: it stops working at once; revoking again is 404', async () => {
    const { body } = await t.http.post('/api/v1/api-keys').set(admin).send({ accountIds: ['*'], permissions: ['EmailConfiguration_Read'] }).expect(201);
    const h = { Authorization: `Bearer ${body.key}` };
    await t.http.get(`/email/configuration/v1/configuration/accounts/${ACCOUNT}`).set(h).expect(200);
    await t.http.delete(`/api/v1/api-keys/${body.id}`).set(admin).expect(204);
    await t.http.get(`/email/configuration/v1/configuration/accounts/${ACCOUNT}`).set(h).expect(401);
    const again = await t.http.delete(`/api/v1/api-keys/${body.id}`).set(admin).expect(404);
    expect(again.body).toMatchObject({ status: 404, code: 'API_KEY_NOT_FOUND' });
    await t.http.delete('/api/v1/api-keys/not-a-uuid').set(admin).expect(404);
  });

  it('needs ApiKeys_Manage: 401 problem without a key, 403 problem without the permission', async () => {
    const none = await t.http.get('/api/v1/api-keys').expect(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const key = await t.createKey([ACCOUNT], ['EmailConfiguration_Read']);
    const res = await t.http.post('/api/v1/api-keys').set({ Authorization: `Bearer ${key}` }).send({ accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }).expect(403);
    expect(res.body).toMatchObject({ status: 403, code: 'PERMISSION_DENIED', title: 'Forbidden' });
  });

  it('a key can only grant what it has', async () => {
    const manager = await t.createKey([ACCOUNT], ['ApiKeys_Manage', 'EmailConfiguration_Read']);
    const h = { Authorization: `Bearer ${manager}` };
    await t.http.post('/api/v1/api-keys').set(h).send({ accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }).expect(201);
    await t.http.post('/api/v1/api-keys').set(h).send({ accountIds: [OTHER], permissions: ['EmailConfiguration_Read'] }).expect(403);
    await t.http.post('/api/v1/api-keys').set(h).send({ accountIds: ['*'], permissions: ['EmailConfiguration_Read'] }).expect(403);
    await t.http.post('/api/v1/api-keys').set(h).send({ accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Delete'] }).expect(403);
  });

  it.each([
    ['no accountIds', { permissions: ['EmailConfiguration_Read'] }],
    ['empty accountIds', { accountIds: [], permissions: ['EmailConfiguration_Read'] }],
    ['a bad account id', { accountIds: ['nope'], permissions: ['EmailConfiguration_Read'] }],
    ['an unknown permission', { accountIds: [ACCOUNT], permissions: ['Everything'] }],
    ['no permissions', { accountIds: [ACCOUNT], permissions: [] }],
    ['an unknown field', { accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'], admin: true }],
    ['a wrong type', { accountIds: ACCOUNT, permissions: ['EmailConfiguration_Read'] }],
  ])('refuses %s with a 400 problem and stores nothing', async (_what, body) => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM api_keys`))[0]!.n;
    const res = await t.http.post('/api/v1/api-keys').set(admin).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: expect.any(String) });
    expect((await t.sql(`SELECT count(*)::int AS n FROM api_keys`))[0]!.n).toBe(before);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const res = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json').send('{"accountIds":').expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('ADMIN_API_KEY and the first key', () => {
  it('upserts ADMIN_API_KEY at start: a changed value replaces the old one', async () => {
    const t = await startTestApp({ env: { ADMIN_API_KEY: 'first-admin-key-0123456789' } });
    await t.http.get('/api/v1/api-keys').set({ Authorization: 'Bearer first-admin-key-0123456789' }).expect(200);
    await t.close();
    const again = await startTestApp({ databaseUrl: t.databaseUrl, env: { ADMIN_API_KEY: 'second-admin-key-0123456789' } });
    await again.http.get('/api/v1/api-keys').set({ Authorization: 'Bearer second-admin-key-0123456789' }).expect(200);
    await again.http.get('/api/v1/api-keys').set({ Authorization: 'Bearer first-admin-key-0123456789' }).expect(401);
    await again.close();
  });
});
