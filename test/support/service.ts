import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { freePort } from './free-port.js';
import { START_OPTIONS } from './start-command.js';
import { waitFor } from './wait-for.js';

/** The service as `npm start` runs it (the built dist/), in a child process. */
export interface Service {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  output(): string;
}

/** Builds dist/ when the sources changed (what `npm start` does first). */
export function buildService(): void {
  const build = spawnSync(process.execPath, ['scripts/build-if-changed.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
}

/** Starts `node dist/apps/api/src/main.js` (with `npm start`'s node options) with these settings and waits for /health. */
export async function startService(settings: Record<string, string>, options: { apiKey: string }): Promise<Service> {
  const port = await freePort();
  const kek = settings.DATABASE_URL ? { DKIM_KEY_ENCRYPTION_KEY: 'dGVzdC1rZWstMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG0=', DKIM_KEY_BITS: '1024' } : {};
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', PORT: String(port), ADMIN_API_KEY: options.apiKey, LOG_LEVEL: 'warn', ...kek, ...settings };
  if (!settings.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...START_OPTIONS, 'dist/apps/api/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(() => `the service to start:\n${output}`, async () => child.exitCode === null && (await fetch(`${base}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, intervalMs: 200 });
  return { child, base, exited, output: () => output };
}

/** Kills the service at once (no shutdown of any kind), and waits until it is gone. */
export async function killService(service: Service): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGKILL');
  await service.exited;
}

/** One statement on the service's database, from a client of its own (the service runs in another process). */
export async function query<T>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
