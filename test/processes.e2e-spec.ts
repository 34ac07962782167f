/**
 * The real service as `npm start` runs it (the built `dist/`), in child processes: SIGTERM while
 * requests are in flight (on its embedded PostgreSQL), SIGTERM while clients keep sending on
 * kept-alive connections, and two instances sharing one database with one of them killed (SIGKILL)
 * in the middle of a sweep.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { TestDnsServer } from './support/dns-server.js';
import { expectedRecords, publish, SEED_ACCOUNT } from './support/domains.js';
import { createTestDatabase } from './support/app.js';
import { buildService, type Service, startService as start } from './support/service.js';
import { mapLimited, waitFor } from './support/wait-for.js';
import pg from 'pg';

const KEY = 'shutdown-test-admin-key-0123456789';
const headers = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
const startService = (settings: Record<string, string>) => start(settings, { apiKey: KEY });

beforeAll(() => buildService(), 120_000);

describe('SIGTERM with requests in flight', () => {
  let dns: TestDnsServer;
  let dataDir: string;
  let service: Service | undefined;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'sds-shutdown-'));
    chmodSync(dataDir, 0o755); // the embedded server runs as postgres when the tests run as root
  });
  afterAll(async () => {
    if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
    await dns?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request in flight, stops PostgreSQL and exits 0', async () => {
    service = await startService({ DATA_DIR: path.join(dataDir, 'data'), DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '5000', DNS_TRIES: '1', VERIFICATION_SCHEDULER: 'off' });
    const { child, base, exited, output } = service;
    // it listens on every address (a load balancer reaches it from outside), not only on localhost; IPv6 too
    const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    const outside = addresses.find((a) => a.family === 'IPv4' && !a.internal);
    if (outside) expect((await fetch(`${base.replace('127.0.0.1', outside.address)}/health`)).status).toBe(200);
    if (addresses.some((a) => a.family === 'IPv6')) expect((await fetch(`${base.replace('127.0.0.1', '[::1]')}/health`)).status).toBe(200);

    const api = `${base}/api/v1/accounts/${SEED_ACCOUNT}/domains`;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const domain = `drain-${i}.example.net`;
      publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
      const res = await fetch(api, { method: 'POST', headers, body: JSON.stringify({ domain }) });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: number }).id);
    }
    dns.slow(1500); // each verification waits on DNS: they are all in flight when SIGTERM comes
    dns.resetQueries();
    const inFlight = ids.map(async (id) => {
      const res = await fetch(`${api}/${id}/verify`, { method: 'POST', headers });
      return { status: res.status, body: (await res.json()) as { status: string } };
    });
    await waitFor('the verifications to be asking DNS', () => dns.queries.length >= ids.length);
    child.kill('SIGTERM');

    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    expect(answers.map((a) => a.body.status)).toEqual(ids.map(() => 'active'));
    expect(await exited).toBe(0);
    expect(output()).not.toMatch(/exiting now|closing their connections/);
    expect(existsSync(path.join(dataDir, 'data', 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'data', 'service.pid'))).toBe(false);
  }, 150_000);
});

describe('SIGTERM under mixed load', () => {
  const CLIENTS = 8;
  let dns: TestDnsServer;
  let dataDir: string;
  let service: Service | undefined;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'sds-load-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
    await dns?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One request of a client: its answer (read to its end), or the network error in its place. */
  type Outcome = { what: string; duringShutdown: boolean } & ({ status: number; expected: number; complete: boolean } | { error: string; code: string });

  // a lost request is a race (a connection closed just as its client sends on it): three shutdowns, not one
  it.each([1, 2, 3])('answers every request it accepted in full, refuses new connections, and exits 0 (shutdown %i of 3)', async (run) => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL'); // a run that failed: its data directory is needed again
      await service.exited;
    }
    service = await startService({ DATA_DIR: path.join(dataDir, 'data'), DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '5000', DNS_TRIES: '1', VERIFICATION_SCHEDULER: 'off', RATE_LIMIT_PER_MINUTE: '0' });
    const { child, base, exited, output } = service;
    const api = `${base}/api/v1/accounts/${SEED_ACCOUNT}/domains`;
    const outcomes: Outcome[] = [];
    let sigterm = false;

    /** One request (fetch keeps its connection alive between them); 'refused' once the listener is closed. */
    const call = async (what: string, url: string, init: RequestInit, expected: number): Promise<{ body?: unknown } | 'refused'> => {
      try {
        const res = await fetch(url, { ...init, headers });
        const text = await res.text(); // an answer cut in the middle fails here
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        outcomes.push({ what, duringShutdown: sigterm, status: res.status, expected, complete: body !== undefined });
        return res.status === expected ? { body } : {};
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const code = cause?.code ?? 'unknown';
        outcomes.push({ what, duringShutdown: sigterm, error: `${(error as Error).message}: ${cause?.message ?? ''}`, code });
        return code === 'ECONNREFUSED' ? 'refused' : {};
      }
    };
    const rounds = Array.from({ length: CLIENTS }, () => 0);
    /** Registers a domain, verifies it, lists the account's newest: again and again, until refused. */
    const client = async (n: number) => {
      for (;; rounds[n]!++) {
        const domain = `load-${run}-${n}-${rounds[n]}.example.net`;
        publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
        const registered = await call('register', api, { method: 'POST', body: JSON.stringify({ domain }) }, 201);
        if (registered === 'refused') return;
        const id = (registered.body as { id?: number } | undefined)?.id;
        if (id !== undefined && (await call('verify', `${api}/${id}/verify`, { method: 'POST' }, 200)) === 'refused') return;
        if ((await call('list', `${api}?limit=5&sort=-createdAt`, { method: 'GET' }, 200)) === 'refused') return;
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    await waitFor('every client to be under way', () => rounds.every((n) => n >= 5), { timeoutMs: 60_000 });
    sigterm = true; // every client has a request in flight now
    child.kill('SIGTERM');
    await Promise.all(clients); // each ends at its first refused connection

    expect(await exited).toBe(0);
    const answers = outcomes.filter((o) => 'status' in o);
    expect(answers.filter((o) => o.duringShutdown).length).toBeGreaterThan(0); // the premise: answers came after SIGTERM
    // a refused connection (ECONNREFUSED) was never accepted; any other network error lost a request
    expect(outcomes.filter((o) => 'error' in o && o.code !== 'ECONNREFUSED')).toEqual([]);
    expect(answers.filter((o) => o.status !== o.expected || !o.complete)).toEqual([]);
    expect(output()).not.toMatch(/exiting now|closing their connections/);
  }, 150_000);
});

describe('two instances on one database, one killed in the middle of a sweep', () => {
  const COUNT = 300;
  let dns: TestDnsServer;
  const services: Service[] = [];

  beforeAll(async () => {
    dns = await TestDnsServer.start();
  });
  afterAll(async () => {
    for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await dns?.stop();
  });

  it('the survivor verifies every due domain once its lease lapses, none twice', async () => {
    const databaseUrl = await createTestDatabase();
    const settings = {
      DATABASE_URL: databaseUrl,
      DNS_SERVERS: dns.address,
      DNS_TIMEOUT_MS: '5000',
      DNS_TRIES: '1',
      VERIFICATION_TICK_SECONDS: '0.5',
      VERIFICATION_LEASE_SECONDS: '3',
      VERIFICATION_CONCURRENCY: '4',
    };
    // registered before the schedulers run: all due at once
    const first = await startService({ ...settings, VERIFICATION_SCHEDULER: 'off' });
    services.push(first);
    const domains = Array.from({ length: COUNT }, (_, i) => `sweep-${String(i).padStart(3, '0')}.example.net`);
    for (const domain of domains) publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    await mapLimited(domains, 8, async (domain) => {
      const res = await fetch(`${first.base}/api/v1/accounts/${SEED_ACCOUNT}/domains`, { method: 'POST', headers, body: JSON.stringify({ domain }) });
      expect(res.status).toBe(201);
    });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    dns.slow(40); // a sweep of a few seconds
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const count = async (where: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sending_domains WHERE ${where}`)).rows[0]!.n;
    try {
      const [victim, survivor] = await Promise.all([startService({ ...settings, VERIFICATION_SCHEDULER: 'on' }), startService({ ...settings, VERIFICATION_SCHEDULER: 'on' })]);
      services.push(victim!, survivor!);
      await waitFor('the sweep to be under way', async () => (await count('last_checked_at IS NOT NULL')) >= COUNT / 10, { intervalMs: 20 });
      victim!.child.kill('SIGKILL');
      await victim!.exited;
      const strandedAtKill = await count('lease_until IS NOT NULL');
      let active = 0;
      await waitFor(() => `every domain verified (${active} of ${COUNT})`, async () => (active = await count(`status = 'active'`)) === COUNT, { timeoutMs: 60_000, intervalMs: 200 });

      expect(strandedAtKill).toBeGreaterThan(0); // the premise: the victim held claims when it died
      // none verified twice: each record checked exactly once
      expect((await db.query(`SELECT count(*)::int AS n FROM dns_records WHERE check_attempts <> 1`)).rows).toEqual([{ n: 0 }]);
      expect(await count('lease_until IS NOT NULL')).toBe(0);
      survivor!.child.kill('SIGTERM');
      expect(await survivor!.exited).toBe(0);
    } finally {
      await db.end();
    }
  }, 170_000);
});
