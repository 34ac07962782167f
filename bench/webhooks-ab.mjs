#!/usr/bin/env node
/**
 * Compares the webhook delivery path of two builds in one run: each build's service on a database
 * of its own in one embedded PostgreSQL, the same receiver, and rounds of 1,000 events to 10
 * endpoints alternated between the two (A B, B A, …), each after a round of the bare signed POSTs
 * of `npm run bench`. The machine's speed drifts between whole benchmark runs far more than a
 * change of a few per cent moves the ratio; within one run both builds see the same drift. Per
 * round: the ratio to the bare loop, and the CPU time of the service's process and of PostgreSQL
 * per delivery (from /proc: CPU time, not wall time, so the least noisy figure).
 *
 *   node bench/webhooks-ab.mjs <rootA> <rootB> [rounds]
 *
 * A root is a checkout with its node_modules and a built dist (`npm run build`), e.g. a
 * `git worktree` of another commit with node_modules linked to this one's. The bare loop is this
 * checkout's, built by `npm run bench` (or `npx tsc -p tsconfig.bench.json`). Linux only.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [rootA, rootB] = process.argv.slice(2, 4).map((root) => path.resolve(root ?? ''));
const ROUNDS = Number(process.argv[4] ?? 10);
if (!process.argv[3]) {
  console.error('usage: node bench/webhooks-ab.mjs <rootA> <rootB> [rounds]');
  process.exit(2);
}
const pg = createRequire(path.join(rootA, 'package.json'))('pg');
const { startEmbeddedPostgres, freePort } = await import(path.join(rootA, 'dist/apps/api/src/database/embedded-postgres.js'));
// the bare loop is this checkout's, as `npm run bench` built it (tsconfig.bench.json)
const dist = new URL('../dist/', import.meta.url);
const { HttpWebhookTransport } = await import(new URL('libs/webhooks/src/infrastructure/http-webhook-transport.adapter.js', dist).href);
const { generateSecret, secretKey } = await import(new URL('libs/webhooks/src/domain/signature.js', dist).href);
const { bareSignedPosts, RECEIVER_SCRIPT } = await import(new URL('bench/bare-webhooks.js', dist).href);

const KEY = 'bench-admin-key-0123456789abcdef';
const KEK = Buffer.from('bench-kek-0123456789abcdefghijkl').toString('base64');
const ACCOUNT = '00000000-0000-4000-8000-000000009001';
const ENDPOINTS = 10;
const EVENTS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const parent = mkdtempSync(path.join(tmpdir(), 'sds-webhooks-ab-'));
chmodSync(parent, 0o755); // run as root, the embedded server runs as `postgres`
const server = await startEmbeddedPostgres(path.join(parent, 'data'));
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();

// the receiver of `npm run bench`: 204 at once, counting arrivals and when the first and last came
const receiver = spawn(process.execPath, ['-e', RECEIVER_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
const receiverPort = await new Promise((resolve) => receiver.stdout.on('data', (chunk) => { const m = /ready (\d+)/.exec(String(chunk)); if (m) resolve(Number(m[1])); }));
const base = `http://127.0.0.1:${receiverPort}`;
const stats = async () => (await fetch(`${base}/stats`)).json();
const untilCount = async (n) => {
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; await sleep(100)) {
    const s = await stats();
    if (s.count >= n) return s;
  }
  throw new Error(`fewer than ${n} webhooks arrived`);
};

/** CPU time (ms) of a process, and of every PostgreSQL process together */
const ticks = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim().split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
/** CPU time (ms) of each PostgreSQL process, by pid: a backend that ends between two snapshots leaves out only its last part */
const postgresCpu = () => {
  const byPid = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') byPid.set(pid, ticks(pid));
    } catch {
      // ended meanwhile
    }
  }
  return byPid;
};
const postgresSince = (before) => {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
};

async function service(root, db) {
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(server.url);
  url.pathname = `/${db}`;
  const port = await freePort();
  const startOptions = /\bnode ((?:--\S+ )*)dist\/apps\/api\/src\/main\.js/.exec(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start)[1].split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...startOptions, path.join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url.toString(), DKIM_KEY_ENCRYPTION_KEY: KEK, PORT: String(port), ADMIN_API_KEY: KEY, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', VERIFICATION_SCHEDULER: 'off', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '2000', VERIFICATION_TICK_SECONDS: '1' },
  });
  const api = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${api}/health/ready`).catch(() => undefined))?.ok) await sleep(100);
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  for (let i = 0; i < ENDPOINTS; i++) {
    const res = await fetch(`${api}/api/v1/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: `${base}/e${i}`, events: ['domain.created'], accountIds: [ACCOUNT] }) });
    if (res.status !== 201) throw new Error(`POST /api/v1/webhooks: ${res.status} ${await res.text()}`);
  }
  await fetch(`${base}/reset`);
  const registered = await fetch(`${api}/api/v1/accounts/${ACCOUNT}/domains`, { method: 'POST', headers, body: JSON.stringify({ domain: 'webhook-bench.example.com' }) });
  if (registered.status !== 201) throw new Error(`registration: ${registered.status}`);
  await untilCount(ENDPOINTS);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const [template] = (await pool.query(`SELECT payload FROM outbox_entries WHERE handler = 'webhooks' AND type = 'domain.created' LIMIT 1`)).rows;
  return { proc, pool, payload: JSON.stringify(template.payload) };
}

const services = { A: await service(rootA, 'build_a'), B: await service(rootB, 'build_b') };

async function measured(svc) {
  await fetch(`${base}/reset`);
  const cpu = ticks(svc.proc.pid);
  const pgCpu = postgresCpu();
  // written straight to the table, as in `npm run bench`: the relay finds them at its next poll
  // (VERIFICATION_TICK_SECONDS); the rate is counted from the first arrival to the last
  await svc.pool.query(
    `INSERT INTO outbox_entries (event_id, handler, type, version, payload, occurred_at, created_at, state, attempts, next_attempt_at)
     SELECT gen_random_uuid(), 'webhooks', 'domain.created', 1, $1::jsonb, now(), now(), 'pending', 0, now() FROM generate_series(1, $2)`,
    [svc.payload, EVENTS],
  );
  const s = await untilCount(EVENTS * ENDPOINTS);
  await sleep(150); // the last outcomes recorded
  return { rate: s.count / ((s.last - s.first) / 1000), cpuUs: ((ticks(svc.proc.pid) - cpu) * 1000) / s.count, pgUs: (postgresSince(pgCpu) * 1000) / s.count };
}

const transport = new HttpWebhookTransport();
const key = secretKey(generateSecret());
const body = Buffer.from(JSON.stringify({ type: 'domain.created', timestamp: new Date().toISOString(), data: JSON.parse(services.A.payload) }));
async function bare() {
  await fetch(`${base}/reset`);
  const total = EVENTS * ENDPOINTS;
  const cpu = process.cpuUsage();
  await bareSignedPosts(transport, base, body, key, total, ENDPOINTS);
  const s = await stats();
  const used = process.cpuUsage(cpu);
  return { rate: s.count / ((s.last - s.first) / 1000), cpuUs: (used.user + used.system) / total };
}

// warm-up: the first rounds compile their code as they go
await bare();
for (const svc of [services.A, services.B, services.A, services.B]) await measured(svc);
const results = { A: [], B: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const build of round % 2 ? ['B', 'A'] : ['A', 'B']) {
    const limit = await bare();
    const m = await measured(services[build]);
    results[build].push({ ratio: m.rate / limit.rate, cpuUs: m.cpuUs, pgUs: m.pgUs });
    console.log(`round ${round} ${build}: ratio ${(m.rate / limit.rate).toFixed(3)}  service ${m.cpuUs.toFixed(0)} µs CPU per delivery  PostgreSQL ${m.pgUs.toFixed(0)} µs  bare loop ${limit.cpuUs.toFixed(0)} µs per POST`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [build, root] of [['A', rootA], ['B', rootB]]) {
  const r = results[build];
  console.log(`${build} (${root}): median ratio ${median(r.map((x) => x.ratio)).toFixed(3)}, service ${median(r.map((x) => x.cpuUs)).toFixed(0)} µs and PostgreSQL ${median(r.map((x) => x.pgUs)).toFixed(0)} µs CPU per delivery (medians of ${ROUNDS})`);
}
transport.onModuleDestroy();
for (const svc of Object.values(services)) {
  svc.proc.kill('SIGTERM');
  await svc.pool.end();
}
receiver.kill();
await admin.end();
await server.stop();
process.exit(0);
