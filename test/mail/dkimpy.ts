import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dkimpy-verify.py');

/** What test/mail/dkimpy-verify.py prints. */
export interface DkimpyReport {
  dkimpy: string;
  dnspython: string;
  python: string;
  /** per DKIM-Signature, topmost first */
  signatures: {
    index: number;
    verified: boolean;
    /** the exception dkimpy raised, if any (a malformed signature or key) */
    error?: string;
    /** the signature's tags as dkimpy parsed them */
    tags: Record<string, string>;
    /** h=, as dkimpy split it (lower case, in order) */
    signedHeaders: string[];
    /** what dkimpy logged while verifying it */
    log: string[];
  }[];
  /** the TXT lookups dkimpy made (name with trailing dot), with what DNS answered */
  lookups: { name: string; txt?: string[]; error?: string }[];
}

/**
 * The Python that has Debian's python3-dkim: /usr/bin/python3 before whatever `python3` is first
 * on PATH (a pyenv or virtualenv there does not see Debian's dist-packages).
 */
export function findDkimpyPython(): string {
  const candidates = [...new Set(['/usr/bin/python3', ...(process.env.PATH ?? '').split(':').filter(Boolean).map((dir) => path.join(dir, 'python3'))])];
  for (const python of candidates.filter((file) => existsSync(file))) {
    if (spawnSync(python, ['-c', 'import dkim, dns.resolver'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error('dkimpy is not installed for any python3 (tried /usr/bin/python3 and PATH): apt-get install -y python3-dkim');
}

/**
 * Verifies every DKIM-Signature of `message` with dkimpy, which asks the DNS server at `dns`
 * (`127.0.0.1:<port>`) for the keys: a verifier we did not write, through real DNS.
 */
export async function dkimpyVerify(python: string, dns: string, message: Buffer): Promise<DkimpyReport> {
  const child = spawn(python, [SCRIPT, '--dns', dns], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  child.stdin.on('error', () => undefined); // a script that died early: its status says why
  child.stdin.end(message);
  const code = await exited;
  if (code !== 0) throw new Error(`dkimpy-verify.py exited with ${code}: ${stderr}${stdout}`);
  return JSON.parse(stdout) as DkimpyReport;
}
