/**
 * Faults injected into real parts: the PostgreSQL server stopped and started again under a load of
 * mixed requests. Every answer is checked against the OpenAPI document (503 included).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type RunningEmbeddedPostgres, startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres.js';
import { freePort } from './support/free-port.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { auth, CM, SEED_ACCOUNT } from './support/domains.js';
import { waitFor } from './support/wait-for.js';

const admin = auth(ADMIN_KEY);
const NATIVE = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;

interface Outcome {
  op: string;
  status: number;
  at: number;
  domain?: string;
  retryAfter?: string;
}

describe('PostgreSQL stopped under load', () => {
  let dataDir: string;
  let port: number;
  let db: RunningEmbeddedPostgres;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sds-faults-'));
    chmodSync(dataDir, 0o755); // the server runs as postgres when the tests run as root
    port = await freePort();
    db = await startEmbeddedPostgres(dataDir, { port });
    t = await startTestApp({ databaseUrl: db.url, logger: { log() {}, warn() {}, error: (...a: unknown[]) => console.error(...a) } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After in each surface\'s envelope while it is down, recovers when it is back, and loses no acknowledged write', async () => {
    const outcomes: Outcome[] = [];
    let n = 0;
    let running = true;
    const ops: (() => Promise<Outcome>)[] = [
      async () => {
        const domain = `seed-${n++}.faults.example.com`;
        const res = await t.http.post(`${CM}/configuration`).set(admin).send({ domain, accountId: SEED_ACCOUNT, emailAddress: 'ops@example.com' });
        return { op: 'seed register', status: res.status, at: Date.now(), domain, retryAfter: res.headers['retry-after'] };
      },
      async () => {
        const domain = `native-${n++}.faults.example.com`;
        const res = await t.http.post(NATIVE).set(admin).send({ domain });
        return { op: 'native register', status: res.status, at: Date.now(), domain, retryAfter: res.headers['retry-after'] };
      },
      async () => {
        const res = await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(admin);
        return { op: 'seed list', status: res.status, at: Date.now(), retryAfter: res.headers['retry-after'] };
      },
      async () => {
        const res = await t.http.get(`${NATIVE}?limit=5`).set(admin);
        return { op: 'native list', status: res.status, at: Date.now(), retryAfter: res.headers['retry-after'] };
      },
    ];
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) outcomes.push(await ops[i % ops.length]!());
    };
    const workers = [0, 1, 2, 3].map(worker);
    const seen = (from: number, test: (o: Outcome) => boolean) => outcomes.some((o) => o.at >= from && test(o));

    await waitFor('answers while the database is up', () => outcomes.filter((o) => o.status < 300).length >= 20);
    const stoppedAt = Date.now();
    await db.stop();
    await waitFor('a 503 on each surface', () => seen(stoppedAt, (o) => o.status === 503 && o.op.startsWith('seed')) && seen(stoppedAt, (o) => o.status === 503 && o.op.startsWith('native')), { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const restartedAt = Date.now();
    db = await startEmbeddedPostgres(dataDir, { port });
    const upAt = Date.now();
    await waitFor('answers again once it is back', () => seen(upAt, (o) => o.status < 300 && o.op.endsWith('register')), { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    running = false;
    await Promise.all(workers);

    // nothing but 2xx and 503: never a 500, never another error
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((s) => s >= 300 && s !== 503)).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((o) => o.retryAfter === '5')).toBe(true);
    expect(unavailable.every((o) => o.at >= stoppedAt && o.at <= upAt + 5000)).toBe(true);
    expect(seen(restartedAt, (o) => o.status < 300)).toBe(true);

    // every registration that was acknowledged is stored
    const acknowledged = outcomes.filter((o) => o.domain && o.status < 300).map((o) => o.domain!);
    const stored = new Set((await t.sql<{ name: string }>(`SELECT name FROM sending_domains WHERE deleted_on IS NULL`)).map((r) => r.name));
    expect(acknowledged.filter((d) => !stored.has(d))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(5);
  });

  it('answers 503 when the connection of the seed list is lost while its statement runs (never hangs)', async () => {
    await t.http.post(NATIVE).set(admin).send({ domain: 'streamed.faults.example.com' }).expect(201);
    // the list's statement waits behind a lock; its connection is then terminated under it
    const blocker = new pg.Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE sending_domains IN ACCESS EXCLUSIVE MODE');
      const answer = t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(admin).then((res) => res);
      let waiting: { pid: number }[] = [];
      await waitFor('the list statement waiting on the lock', async () => {
        waiting = await t.sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%AS after_created%'`);
        return waiting.length > 0;
      });
      await t.sql('SELECT pg_terminate_backend($1)', [waiting[0]!.pid]);
      const res = await answer;
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 'ServiceUnavailable', domains: [] });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // the pool has discarded the broken connection: the next list is answered
    await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(admin).expect(200);
  });

  it('answers 503 in the seed envelope with the route\'s empty payload', async () => {
    await db.stop();
    try {
      const seed = await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(admin).expect(503);
      expect(seed.body).toEqual({ statusCode: 'ServiceUnavailable', statusMessage: expect.stringContaining('retry'), domains: [] });
      const verify = await t.http.post(`${CM}/dns/accounts/${SEED_ACCOUNT}/verify?domain=x.example.com`).set(admin).expect(503);
      expect(verify.body).toEqual({ statusCode: 'ServiceUnavailable', message: expect.stringContaining('retry'), dnsEntries: [] });
      const native = await t.http.get(NATIVE).set(admin).expect(503);
      expect(native.body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
      expect(native.headers['content-type']).toMatch(/^application\/problem\+json/);
      await t.http.get('/health').expect(503);
      const ready = await t.http.get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ code: 'UNAVAILABLE', checks: { database: { status: 'down' } } });
      await t.http.get('/health/live').expect(200); // the process is fine: no restart wanted
    } finally {
      db = await startEmbeddedPostgres(dataDir, { port });
    }
    await waitFor('the database back', async () => (await t.http.get('/health')).status === 200);
  });
});
