import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);

/** A TSIG key named.conf knows. */
export interface NamedKey {
  name: string;
  algorithm: 'hmac-sha256' | 'hmac-sha512';
  /** base64, as tsig-keygen prints it */
  secret: string;
}

export interface NamedOptions {
  zone: string;
  /** zone file lines after the SOA and NS (the operator's own records) */
  records?: string[];
  keys: NamedKey[];
  /** the body of the zone's update-policy, e.g. `grant sds-publisher zonesub ANY;` */
  updatePolicy: string;
}

/** Where a program of bind9 / dnsutils is (root's PATH has /usr/sbin; another user's may not). */
export function findProgram(name: 'named' | 'nsupdate' | 'dig' | 'tsig-keygen'): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin']) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/** One record as dig prints it, whitespace normalised: `name. 300 IN TXT "…"`. */
function lines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '' && !line.startsWith(';'));
}

/**
 * A real BIND (`named` from Debian's bind9) in a temporary directory, listening on a free loopback
 * port (TCP and UDP), primary for one zone that the given TSIG keys may update. Runs as whoever
 * runs the tests (as root too, without `-u`), logging to named.log in its directory.
 */
export class NamedServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly zone: string,
    private readonly child: ChildProcess,
    readonly version: string,
  ) {}

  static async start(options: NamedOptions): Promise<NamedServer> {
    const named = findProgram('named');
    if (!named) throw new Error('named is not installed: apt-get install -y bind9 dnsutils');
    const version = (await run(named, ['-v'])).stdout.trim();
    for (let attempt = 1; ; attempt++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'sds-named-'));
      const port = await freePort({ udp: true });
      const zoneFile = path.join(dir, 'zone.db');
      writeFileSync(
        zoneFile,
        [
          '$TTL 300',
          `@ IN SOA ns1.${options.zone}. hostmaster.${options.zone}. 1 3600 600 86400 300`,
          `@ IN NS ns1.${options.zone}.`,
          'ns1 IN A 127.0.0.1',
          ...(options.records ?? []),
          '',
        ].join('\n'),
      );
      const keys = options.keys.map((key) => `key "${key.name}" { algorithm ${key.algorithm}; secret "${key.secret}"; };`).join('\n');
      writeFileSync(
        path.join(dir, 'named.conf'),
        `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  allow-transfer { 127.0.0.1; };
};
controls { };
${keys}
zone "${options.zone}" {
  type primary;
  file "${zoneFile}";
  update-policy { ${options.updatePolicy} };
};
logging {
  channel log { file "${dir}/named.log"; severity info; print-time yes; };
  // why an update was refused, without a line for every record it adds
  channel refusals { file "${dir}/update.log"; severity notice; print-time yes; };
  category default { log; };
  category update { refusals; };
};
`,
      );
      const child = spawn(named, ['-f', '-c', path.join(dir, 'named.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const server = new NamedServer(dir, port, options.zone, child, version);
      if (await server.ready()) return server;
      await server.stop();
      if (attempt === 3) throw new Error(`named did not start: ${stderr}\n${server.log()}`);
    }
  }

  /** `127.0.0.1:<port>`, for parseZoneServer */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** named's log, and its update log (refusals) after it */
  log(): string {
    const read = (file: string) => {
      try {
        return readFileSync(path.join(this.dir, file), 'utf8');
      } catch {
        return '';
      }
    };
    return read('named.log') + read('update.log');
  }

  /** The records of `name` and `type`, over TCP, as dig prints them. */
  async dig(name: string, type: string): Promise<string[]> {
    const { stdout } = await run(findProgram('dig')!, ['+tcp', '+noall', '+answer', '+time=5', '+tries=1', '@127.0.0.1', '-p', String(this.port), name, type]);
    return lines(stdout);
  }

  /** A TXT RRset as its texts: each record's strings joined, as receivers read them. */
  async txt(name: string): Promise<string[]> {
    const records = await this.dig(name, 'TXT');
    return records.map((record) => [...record.slice(record.indexOf(' TXT ') + 5).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!).join('')).sort();
  }

  /** The whole zone (AXFR), the SOA once, sorted: what every test compares before and after. */
  async axfr(): Promise<string[]> {
    const { stdout } = await run(findProgram('dig')!, ['+noall', '+answer', '+onesoa', '+time=10', '@127.0.0.1', '-p', String(this.port), this.zone, 'AXFR'], { maxBuffer: 512 * 1024 * 1024 });
    return lines(stdout).sort();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ready(): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
      if (this.child.exitCode !== null) return false;
      try {
        if ((await this.dig(this.zone, 'SOA')).length > 0) return true;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }
}
