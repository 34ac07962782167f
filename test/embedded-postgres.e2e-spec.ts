import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresError, freePort, startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres.js';

const isRoot = process.getuid?.() === 0;
const CHILD = path.resolve('test/support/run-embedded-postgres.js');

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the embedded server in a child process, as `npm start` would, and waits for its line. */
async function startInChild(dataDir: string): Promise<{ child: ChildProcess; url: string; pid: number; servicePid: number }> {
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, ...JSON.parse(out.split('\n')[0]!) });
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

describe('embedded PostgreSQL', () => {
  const dirs: string[] = [];
  /** A DATA_DIR as mkdtemp makes it: mode 0700, owned by whoever runs the tests (root here). */
  const newDataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sds-embedded-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its data across a restart, with a random password kept inside DATA_DIR (0600), nothing in /tmp', async () => {
    const tmpBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('pg-password'));
    const parent = newDataDir();
    chmodSync(parent, 0o755);
    const dataDir = path.join(parent, 'nested', 'data'); // created by the service
    let server = await startEmbeddedPostgres(dataDir);
    await query(server.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')`);
    await server.stop();
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(path.join(dataDir, 'pg-password')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(0); // nobody else may enter DATA_DIR
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('pg-password'))).toEqual(tmpBefore);
    expect(existsSync(path.join(dataDir, 'service.pid'))).toBe(false); // released on stop

    server = await startEmbeddedPostgres(dataDir);
    expect(decodeURIComponent(new URL(server.url).password)).toBe(password);
    expect(await query(server.url, `SELECT v FROM kept`)).toEqual([{ v: 'survives' }]);
    await server.stop();
  }, 120_000);

  it('gives a cluster made by an earlier version (password "postgres", no pg-password file) a random password', async () => {
    const dataDir = newDataDir();
    let server = await startEmbeddedPostgres(dataDir);
    await query(server.url, `ALTER ROLE postgres PASSWORD 'postgres'`);
    await server.stop();
    rmSync(path.join(dataDir, 'pg-password'));
    server = await startEmbeddedPostgres(dataDir);
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    expect(password).not.toBe('postgres');
    expect(decodeURIComponent(new URL(server.url).password)).toBe(password);
    const legacy = new URL(server.url);
    legacy.password = 'postgres';
    await expect(query(legacy.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    await server.stop();
  }, 120_000);

  it('recovers by itself after the service was killed (SIGKILL): the orphaned server is stopped and started again, data intact', async () => {
    const dataDir = newDataDir();
    const first = await startInChild(dataDir);
    await query(first.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('after kill -9')`);

    // While that service lives, a second one on the same DATA_DIR is refused, naming both.
    const refused = await startEmbeddedPostgres(dataDir).then(
      () => new Error('a second service started'),
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(EmbeddedPostgresError);
    expect((refused as Error).message).toContain(`DATA_DIR ${dataDir} is in use by another running instance of the service (PID ${first.servicePid})`);
    expect((refused as Error).message).not.toContain('\n');

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(alive(first.pid)).toBe(true); // the orphan lives on, as it would after kill -9 of npm start

    const server = await startEmbeddedPostgres(dataDir);
    try {
      expect(alive(first.pid)).toBe(false);
      expect(await query(server.url, `SELECT v FROM kept`)).toEqual([{ v: 'after kill -9' }]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('tells a start-up failure in one line with its real cause', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const blocker: Server = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const error = await startEmbeddedPostgres(dataDir, { port }).then(() => new Error('it started'), (e: unknown) => e);
      expect(error).toBeInstanceOf(EmbeddedPostgresError);
      expect((error as Error).message).toMatch(/^The embedded PostgreSQL stopped while starting: .*could not create any TCP\/IP sockets \(could not bind IPv4 address "127\.0\.0\.1": Address already in use\)$/);
      expect((error as Error).message).not.toContain('\n');
      expect(existsSync(path.join(dataDir, 'service.pid'))).toBe(false);
    } finally {
      blocker.close();
    }
    // the same DATA_DIR starts once the port is free
    const server = await startEmbeddedPostgres(dataDir);
    await server.stop();
  }, 120_000);

  it('run as root, says in one line when user "postgres" cannot reach DATA_DIR or the binaries', async () => {
    const locked = newDataDir(); // 0700, owned by the test runner
    if (!isRoot) {
      // Not root: the server runs as this user, who can enter its own 0700 directories.
      const server = await startEmbeddedPostgres(path.join(locked, 'data'));
      await server.stop();
      return;
    }
    const inside = await startEmbeddedPostgres(path.join(locked, 'data')).then(() => new Error('it started'), (e: unknown) => e);
    expect(inside).toBeInstanceOf(EmbeddedPostgresError);
    expect((inside as Error).message).toBe(
      `DATA_DIR ${path.join(locked, 'data')} is inside ${locked} (mode 0700), which user "postgres" cannot enter; the embedded PostgreSQL runs as that user because the service runs as root. ` +
        'Choose a DATA_DIR other users can reach (for example /var/lib/sending-domains), or set DATABASE_URL.',
    );

    // the binaries behind a 0700 directory, as in a checkout under /root
    const { postgres, initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    const native = path.dirname(path.dirname(postgres));
    const hidden = path.join(locked, 'checkout');
    mkdirSync(hidden);
    symlinkSync(native, path.join(hidden, 'native'));
    const binaries = { postgres: path.join(hidden, 'native', 'bin', path.basename(postgres)), initdb: path.join(hidden, 'native', 'bin', path.basename(initdb)) };
    const unreachable = await startEmbeddedPostgres(newDataDir(), { binaries }).then(() => new Error('it started'), (e: unknown) => e);
    expect(unreachable).toBeInstanceOf(EmbeddedPostgresError);
    expect((unreachable as Error).message).toContain(`that user cannot enter ${locked} (mode 0700), on the way to its binaries`);
    expect((unreachable as Error).message).toContain('Put the checkout where other users can enter');
  }, 120_000);
});
