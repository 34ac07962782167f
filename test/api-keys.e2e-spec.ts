import { CommandBus } from '@nestjs/cqrs';
import { EnsureAdminKeyCommand } from '#iam';
import { ApiKeyChanges } from '../libs/iam/src/application/api-key-changes.port.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { expectAnswerNotStored } from './support/failing-answers.js';
import { waitFor } from './support/wait-for.js';

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
    expect(list.body).toMatchObject({ total: expect.any(Number), limit: 20, offset: 0 });
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
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
    const malformed = await t.http.delete('/api/v1/api-keys/not-a-uuid').set(admin).expect(400);
    expect(malformed.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: 'id must be a UUID' });
  });

  it('needs ApiKeys_Manage: 401 problem without a key, 403 problem without the permission', async () => {
    const none = await t.http.get('/api/v1/api-keys').expect(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const key = await t.createKey([ACCOUNT], ['EmailConfiguration_Read']);
    const res = await t.http.post('/api/v1/api-keys').set({ Authorization: `Bearer ${key}` }).send({ accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }).expect(403);
    expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN', title: 'Forbidden' });
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
    ['a NUL in the name', { name: 'bad\u0000name', accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }, 'name must not contain control characters'],
    ['a BEL in the name', { name: 'bell\u0007', accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }, 'name must not contain control characters'],
    ['a whitespace-only name', { name: '   ', accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }, 'name must not be empty'],
    ['a __proto__ field', JSON.parse(`{"__proto__": {"admin": true}, "accountIds": ["${ACCOUNT}"], "permissions": ["EmailConfiguration_Read"]}`), 'unknown field "__proto__"'],
    ['a constructor field', { constructor: 'x', accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] }, 'unknown field "constructor"'],
    ['no accountIds', { permissions: ['EmailConfiguration_Read'] }],
    ['empty accountIds', { accountIds: [], permissions: ['EmailConfiguration_Read'] }],
    ['a bad account id', { accountIds: ['nope'], permissions: ['EmailConfiguration_Read'] }],
    ['an unknown permission', { accountIds: [ACCOUNT], permissions: ['Everything'] }],
    ['no permissions', { accountIds: [ACCOUNT], permissions: [] }],
    ['an unknown field', { accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'], admin: true }],
    ['a wrong type', { accountIds: ACCOUNT, permissions: ['EmailConfiguration_Read'] }],
  ] as [string, object, string?][])('refuses %s with a 400 problem and stores nothing', async (...[, body, detail]) => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM api_keys`))[0]!.n;
    const res = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: detail ?? expect.any(String) });
    expect((await t.sql(`SELECT count(*)::int AS n FROM api_keys`))[0]!.n).toBe(before);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const res = await t.http.post('/api/v1/api-keys').set(admin).set('Content-Type', 'application/json').send('{"accountIds":').expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('with an Idempotency-Key the answer is stored in the transaction that stores the key: when storing it fails no key is made (503, Retry-After); a retry makes one, and the next replays it', async () => {
    const body = { name: 'idempotent-in-tx', accountIds: [ACCOUNT], permissions: ['EmailConfiguration_Read'] };
    const post = () => t.http.post('/api/v1/api-keys').set(admin).set('Idempotency-Key', 'api-key-in-tx').send(body);
    const keys = () => t.sql<{ id: string; xmin: string }>(`SELECT id, xmin::text AS xmin FROM api_keys WHERE name = 'idempotent-in-tx'`);
    await expectAnswerNotStored(t, 'api-key-in-tx', () => post());
    expect(await keys()).toEqual([]); // rolled back with its answer: no key the client never saw
    expect(await t.sql(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'api-key-in-tx'`)).toEqual([{ n: 0 }]); // the key is free

    const first = await post().expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body); // the same key id and secret, never a second key
    const stored = await keys();
    expect(stored.map((k) => k.id)).toEqual([first.body.id]);
    // the answer was written by the transaction that wrote the key
    expect(await t.sql(`SELECT status, xmin::text AS xmin FROM idempotency_keys WHERE key = 'api-key-in-tx'`)).toEqual([{ status: 201, xmin: stored[0]!.xmin }]);
    await t.http.get(`/email/configuration/v1/configuration/accounts/${ACCOUNT}`).set({ Authorization: `Bearer ${again.body.key}` }).expect(200);
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

describe('key management stays within the calling key\'s accounts (OWASP API1/API5)', () => {
  let t: TestApp;
  const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const create = async (accountIds: string[], permissions: string[], by = admin) =>
    (await t.http.post('/api/v1/api-keys').set(by).send({ accountIds, permissions }).expect(201)).body as { id: string; key: string };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a manager of one account lists and revokes only keys within that account; others answer 404 like a missing key', async () => {
    const manager = await create([ACCOUNT], ['ApiKeys_Manage', 'EmailConfiguration_Read']);
    const mine = await create([ACCOUNT], ['EmailConfiguration_Read']);
    const theirs = await create([OTHER], ['EmailConfiguration_Read']);
    const both = await create([ACCOUNT, OTHER], ['EmailConfiguration_Read']);
    const everywhere = await create(['*'], ['EmailConfiguration_Read']);
    const [{ id: adminId }] = await t.sql<{ id: string }>(`SELECT id FROM api_keys WHERE name = 'admin'`);

    const list = await t.http.get('/api/v1/api-keys?limit=1000').set(as(manager.key)).expect(200);
    const ids = (list.body.items as { id: string }[]).map((k) => k.id);
    expect(ids.sort()).toEqual([manager.id, mine.id].sort());
    expect(list.body.total).toBe(2);

    for (const id of [theirs.id, both.id, everywhere.id, adminId!]) {
      const res = await t.http.delete(`/api/v1/api-keys/${id}`).set(as(manager.key)).expect(404);
      expect(res.body).toMatchObject({ code: 'API_KEY_NOT_FOUND', detail: 'API key not found' });
    }
    const missing = await t.http.delete('/api/v1/api-keys/3f1e2d3c-4b5a-4968-8776-655443322110').set(as(manager.key)).expect(404);
    expect(missing.body.detail).toBe('API key not found');
    expect((await t.sql(`SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NOT NULL`))[0]!.n).toBe(0);

    await t.http.delete(`/api/v1/api-keys/${mine.id}`).set(as(manager.key)).expect(204);
    await t.http.get(`/email/configuration/v1/configuration/accounts/${ACCOUNT}`).set(as(mine.key)).expect(401);

    // the admin (every account) sees every key
    const all = await t.http.get('/api/v1/api-keys?limit=1000').set(admin).expect(200);
    expect((all.body.items as { id: string }[]).map((k) => k.id)).toEqual(expect.arrayContaining([theirs.id, both.id, everywhere.id, adminId]));
  });

  it('pages the list: limit, offset, total, newest first; bad paging is a 400 naming the parameter', async () => {
    const total = (await t.http.get('/api/v1/api-keys').set(admin).expect(200)).body.total as number;
    const first = await t.http.get('/api/v1/api-keys?limit=2&offset=0').set(admin).expect(200);
    const second = await t.http.get('/api/v1/api-keys?limit=2&offset=2').set(admin).expect(200);
    expect(first.body).toMatchObject({ total, limit: 2, offset: 0 });
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    expect(Date.parse(first.body.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(first.body.items[1].createdAt));
    for (const [query, detail] of [
      ['limit=0', 'limit must not be less than 1'],
      ['limit=1001', 'limit must not be greater than 1000'],
      ['limit=abc', 'limit must be an integer number'],
      ['offset=-1', 'offset must be an integer number'],
      ['limit=1&limit=2', 'The limit query parameter must be given once'],
      ['page=2', 'unknown query parameter "page"'],
    ]) {
      const res = await t.http.get(`/api/v1/api-keys?${query}`).set(admin).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail });
    }
  });

  it('never revokes the last live key that manages keys on every account (409); another one makes it revocable', async () => {
    const fresh = await startTestApp();
    try {
      const h = { Authorization: `Bearer ${ADMIN_KEY}` };
      const [{ id: adminId }] = await fresh.sql<{ id: string }>(`SELECT id FROM api_keys WHERE name = 'admin'`);
      // a key on every account that cannot manage keys does not count
      await fresh.http.post('/api/v1/api-keys').set(h).send({ accountIds: ['*'], permissions: ['EmailConfiguration_Read'] }).expect(201);
      const last = await fresh.http.delete(`/api/v1/api-keys/${adminId}`).set(h).expect(409);
      expect(last.body).toMatchObject({ status: 409, code: 'LAST_MANAGER_KEY' });
      await fresh.http.get('/api/v1/api-keys').set(h).expect(200);

      const second = (await fresh.http.post('/api/v1/api-keys').set(h).send({ accountIds: ['*'], permissions: ['ApiKeys_Manage'] }).expect(201)).body;
      await fresh.http.delete(`/api/v1/api-keys/${adminId}`).set(h).expect(204);
      await fresh.http.get('/api/v1/api-keys').set(h).expect(401);
      const self = await fresh.http.delete(`/api/v1/api-keys/${second.id}`).set({ Authorization: `Bearer ${second.key}` }).expect(409);
      expect(self.body.code).toBe('LAST_MANAGER_KEY');
    } finally {
      await fresh.close();
    }
  });

  it('two managers revoking each other at once: exactly one succeeds, one manager stays', async () => {
    const fresh = await startTestApp();
    try {
      const h = { Authorization: `Bearer ${ADMIN_KEY}` };
      const [{ id: adminId }] = await fresh.sql<{ id: string }>(`SELECT id FROM api_keys WHERE name = 'admin'`);
      const other = (await fresh.http.post('/api/v1/api-keys').set(h).send({ accountIds: ['*'], permissions: ['ApiKeys_Manage'] }).expect(201)).body;
      const [a, b] = await Promise.all([
        fresh.http.delete(`/api/v1/api-keys/${other.id}`).set(h),
        fresh.http.delete(`/api/v1/api-keys/${adminId}`).set({ Authorization: `Bearer ${other.key}` }),
      ]);
      expect([a.status, b.status].sort()).toEqual([204, 409]);
      const live = await fresh.sql(`SELECT id FROM api_keys WHERE revoked_at IS NULL AND account_ids @> '["*"]' AND permissions @> '["ApiKeys_Manage"]'`);
      expect(live).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('at start without ADMIN_API_KEY, generates a manager key when none can manage every account', async () => {
    const fresh = await startTestApp();
    try {
      await fresh.http.post('/api/v1/api-keys').set({ Authorization: `Bearer ${ADMIN_KEY}` }).send({ accountIds: ['*'], permissions: ['EmailConfiguration_Read'] }).expect(201);
      await fresh.sql(`UPDATE api_keys SET revoked_at = now() WHERE name = 'admin'`); // as if revoked by hand
      const { generated } = await fresh.app.get(CommandBus).execute(new EnsureAdminKeyCommand(undefined));
      expect(generated).toMatch(/^sds_/);
      await fresh.http.get('/api/v1/api-keys').set({ Authorization: `Bearer ${generated}` }).expect(200);
      expect((await fresh.app.get(CommandBus).execute(new EnsureAdminKeyCommand(undefined))).generated).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('a key generated by an earlier version gets the permissions added since, at the next start', async () => {
    const fresh = await startTestApp();
    try {
      await fresh.sql(`UPDATE api_keys SET revoked_at = now() WHERE name = 'admin'`);
      const { generated } = await fresh.app.get(CommandBus).execute(new EnsureAdminKeyCommand(undefined));
      await fresh.sql(`UPDATE api_keys SET permissions = '["EmailConfiguration_Read", "ApiKeys_Manage"]' WHERE name = 'admin'`); // as an earlier version made it
      await fresh.app.get(CommandBus).execute(new EnsureAdminKeyCommand(undefined));
      const [row] = await fresh.sql<{ permissions: string[] }>(`SELECT permissions FROM api_keys WHERE name = 'admin' AND revoked_at IS NULL`);
      expect(row!.permissions).toEqual(expect.arrayContaining(['Provider_Manage', 'Mail_Sign', 'DkimKeys_Export', 'Webhooks_Manage']));
      await fresh.http.get('/api/v1/provider-zone').set({ Authorization: `Bearer ${generated}` }).expect(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('authenticated keys are cached per instance, and a change reaches every instance at once', () => {
  let a: TestApp;
  let b: TestApp;
  const list = (t: TestApp, key: string) => t.http.get(`/api/v1/accounts/${ACCOUNT}/domains`).set('Authorization', `Bearer ${key}`);

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a key revoked on one instance stops working on the other as soon as the revocation commits', async () => {
    const key = await a.createKey([ACCOUNT]);
    const { body } = await a.http.get('/api/v1/api-keys?limit=1000').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    const id = (body.items as { id: string; prefix: string }[]).find((k) => key.startsWith(k.prefix))!.id;
    await list(b, key).expect(200); // cached on b now
    await a.http.delete(`/api/v1/api-keys/${id}`).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(204);
    await waitFor('b to refuse the revoked key', async () => (await list(b, key)).status === 401, { timeoutMs: 5000, intervalMs: 10 });
  });

  it('the instance that revokes a key refuses it from its next request, before the notification reaches it', async () => {
    const key = await a.createKey([ACCOUNT]);
    const { body } = await a.http.get('/api/v1/api-keys?limit=1000').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    const id = (body.items as { id: string; prefix: string }[]).find((k) => key.startsWith(k.prefix))!.id;
    await list(a, key).expect(200); // cached on a now
    // a hears no notification from here on: only the revocation's own commit can empty its cache
    const feed = a.app.get(ApiKeyChanges) as unknown as { client: { removeAllListeners(event: string): void } };
    feed.client.removeAllListeners('notification');
    await a.http.delete(`/api/v1/api-keys/${id}`).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(204);
    await list(a, key).expect(401);
  });

  it('caches nothing while it cannot hear of changes: a change it missed is still seen', async () => {
    const key = await a.createKey([ACCOUNT]);
    await list(b, key).expect(200);
    // cut every instance's LISTEN connection, then revoke behind their backs (no notification)
    await a.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN sds_api_keys' AND datname = current_database()`);
    await a.sql(`UPDATE api_keys SET revoked_at = now() WHERE hash = encode(sha256($1::bytea), 'hex')`, [key]);
    await waitFor('b to refuse the key revoked unannounced', async () => (await list(b, key)).status === 401, { timeoutMs: 5000, intervalMs: 10 });
  });
});
