/**
 * SIGTERM to the real service (the built `dist/`, as `npm start` runs it, on its embedded
 * PostgreSQL) while requests are in flight: every one of them is answered, then the process exits
 * by itself with status 0 and its PostgreSQL is stopped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../apps/api/src/database/embedded-postgres.js';
import { TestDnsServer } from './support/dns-server.js';
import { expectedRecords, publish, SEED_ACCOUNT } from './support/domains.js';
import { waitFor } from './support/wait-for.js';

const KEY = 'shutdown-test-admin-key-0123456789';
const headers = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };

describe('SIGTERM with requests in flight', () => {
  let dns: TestDnsServer;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build-if-changed.mjs'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    dns = await TestDnsServer.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'sds-shutdown-'));
    chmodSync(dataDir, 0o755); // the embedded server runs as postgres when the tests run as root
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await dns?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request in flight, stops PostgreSQL and exits 0', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      DATA_DIR: path.join(dataDir, 'data'),
      ADMIN_API_KEY: KEY,
      DNS_SERVERS: dns.address,
      DNS_TIMEOUT_MS: '5000',
      DNS_TRIES: '1',
      VERIFICATION_SCHEDULER: 'off',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(() => `the service to start:\n${output}`, async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, intervalMs: 200 });

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
    expect(output).not.toMatch(/exiting now|closing their connections/);
    expect(existsSync(path.join(dataDir, 'data', 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'data', 'service.pid'))).toBe(false);
  }, 150_000);
});
