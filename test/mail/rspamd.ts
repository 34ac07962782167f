import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);

/** Where Debian's rspamd is (root's PATH has /usr/bin; look in the usual places anyway). */
export function findRspamd(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/sbin', '/usr/local/bin']) {
    const file = path.join(dir, 'rspamd');
    if (dir && existsSync(file)) return file;
  }
  return null;
}

export interface RspamdOptions {
  /** `local.d/dkim_signing.conf`, as a platform would write it */
  dkimSigning: string;
  /** `127.0.0.1:<port>`: the only DNS server rspamd asks (so nothing waits on the machine's resolvers) */
  dns: string;
}

/** The parts of a /checkv2 answer these tests read (rspamd's HTTP protocol, JSON). */
export interface RspamdCheck {
  action: string;
  symbols: Record<string, { name: string; score: number; options?: string[] }>;
  /** with the dkim_signing module's use_milter_headers: the headers the MTA is to add */
  milter?: { add_headers?: Record<string, { value: string; order: number } | { value: string; order: number }[]> };
  [key: string]: unknown;
}

/**
 * Debian's rspamd (`rspamd -f`) in a temporary directory: Debian's stock configuration
 * (`$CONFDIR`, /etc/rspamd) under a top-level file of ours, with that directory as
 * `$LOCAL_CONFDIR` (so only our `local.d/` applies, not the machine's) and as `$DBDIR`, `$RUNDIR`
 * and `$LOGDIR`. A normal worker and a controller on free loopback ports; no Redis: the Bayes
 * classifier (statistic.conf) is left out, and the modules that need Redis find no servers and
 * switch themselves off, as rspamd logs. Run as root it needs `--insecure` (workers as root).
 */
export class RspamdServer {
  private constructor(
    readonly dir: string,
    /** the normal worker: /checkv2 */
    readonly port: number,
    /** the controller */
    readonly controllerPort: number,
    private readonly child: ChildProcess,
    readonly version: string,
    private readonly stderr: () => string,
  ) {}

  static async start(options: RspamdOptions): Promise<RspamdServer> {
    const rspamd = findRspamd();
    if (!rspamd) throw new Error('rspamd is not installed: apt-get install -y rspamd');
    const version = (await run(rspamd, ['--version'])).stdout.trim();
    for (let attempt = 1; ; attempt++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'sds-rspamd-'));
      for (const sub of ['local.d', 'override.d', 'db', 'run']) mkdirSync(path.join(dir, sub));
      const [port, controllerPort] = [await freePort(), await freePort()];
      writeFileSync(path.join(dir, 'rspamd.conf'), topLevelConfig(port, controllerPort));
      writeFileSync(
        path.join(dir, 'local.d', 'options.inc'),
        `# rspamd asks the test's DNS server only, once, quickly
dns {
  nameserver = ["${options.dns}"];
  timeout = 1s;
  retransmits = 1;
}
# no regexp compilation in the background while the tests run
disable_hyperscan = true;
# Debian's filters but fuzzy_check, which resolves rspamd.com's servers while loading
filters = "chartable,dkim,regexp";
`,
      );
      writeFileSync(path.join(dir, 'local.d', 'dkim_signing.conf'), options.dkimSigning);
      const args = ['-f', '-c', path.join(dir, 'rspamd.conf'), ...['LOCAL_CONFDIR', 'DBDIR', 'RUNDIR', 'LOGDIR'].flatMap((name) => ['--var', `${name}=${name === 'DBDIR' ? `${dir}/db` : name === 'RUNDIR' ? `${dir}/run` : dir}`])];
      if (process.getuid?.() === 0) args.push('--insecure'); // rspamd refuses to run workers as root without it (or -u/-g)
      const child = spawn(rspamd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const server = new RspamdServer(dir, port, controllerPort, child, version, () => stderr);
      if (await server.ready()) return server;
      const why = `${stderr}\n${server.log()}`;
      await server.stop();
      if (attempt === 3) throw new Error(`rspamd did not start: ${why}`);
    }
  }

  /** rspamd's log (rspamd.log in its directory) */
  log(): string {
    try {
      return readFileSync(path.join(this.dir, 'rspamd.log'), 'utf8');
    } catch {
      return this.stderr();
    }
  }

  /**
   * Submits a message over rspamd's HTTP protocol, as an MTA's milter proxy does: POST /checkv2
   * with the SMTP transaction in headers (`IP`, `From` = the envelope sender, `Rcpt`, `User` for
   * an authenticated submission, `Queue-Id`).
   */
  async check(message: Buffer, transaction: Record<string, string>): Promise<RspamdCheck> {
    const res = await fetch(`http://127.0.0.1:${this.port}/checkv2`, { method: 'POST', headers: transaction, body: message });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`rspamd answered ${res.status}: ${text}`);
    return JSON.parse(text) as RspamdCheck;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM'); // the main process stops its workers
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Up once both workers answer /ping (loading Debian's configuration takes several seconds). */
  private async ready(): Promise<boolean> {
    const ping = async (port: number) => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/ping`);
        return res.status === 200 && (await res.text()).trim() === 'pong';
      } catch {
        return false; // not listening yet
      }
    };
    for (let i = 0; i < 1200; i++) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return false;
      if ((await ping(this.port)) && (await ping(this.controllerPort))) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }
}

/**
 * Debian's rspamd.conf as it is, but for the sockets, the log and what needs Redis: its
 * common.conf without statistic.conf (the Bayes classifier, Redis only), no proxy and no fuzzy
 * storage worker.
 */
function topLevelConfig(port: number, controllerPort: number): string {
  return `# Written by test/mail/rspamd.ts: Debian's configuration ($CONFDIR) with this directory as $LOCAL_CONFDIR
lua = "$RULESDIR/rspamd.lua"
.include "$CONFDIR/metrics.conf"
.include "$CONFDIR/actions.conf"
.include "$CONFDIR/groups.conf"
.include "$CONFDIR/composites.conf"
.include "$CONFDIR/modules.conf"
.include "$CONFDIR/settings.conf"
modules {
  path = "\${PLUGINSDIR}";
  fallback_path = "\${SHAREDIR}/lua";
}

options {
  pidfile = "$RUNDIR/rspamd.pid";
  .include "$CONFDIR/options.inc"
  .include(try=true; priority=1,duplicate=merge) "$LOCAL_CONFDIR/local.d/options.inc"
}

logging {
  type = "file";
  filename = "$LOGDIR/rspamd.log";
  level = "info";
  # what dkim_signing decides, and why (a message it does not sign says so here)
  debug_modules = ["dkim_signing"];
}

worker "normal" {
  bind_socket = "127.0.0.1:${port}";
  count = 1;
  .include "$CONFDIR/worker-normal.inc"
}

worker "controller" {
  bind_socket = "127.0.0.1:${controllerPort}";
  count = 1;
  secure_ip = "127.0.0.1";
  static_dir = "\${WWWDIR}";
}
`;
}
