import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EnsureAdminKeyCommand } from '#iam';
import { type AppConfig, ConfigError, loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { describeError } from './database/database.module.js';
import { type RunningEmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { drainConnections } from './http/http-platform.js';
import { createRootLogger, nestLoggerOn } from './observability/logging.js';

const CONTEXT = 'Bootstrap';
/** Requests in flight get this long to finish after SIGTERM; then their connections are closed. */
const DRAIN_MS = 8_000;
/** Whatever happens, the process has exited this long after SIGTERM. */
const EXIT_DEADLINE_MS = 9_500;
let embedded: RunningEmbeddedPostgres | undefined;
let app: INestApplication | undefined;

async function main(config: AppConfig): Promise<void> {
  const rootLogger = createRootLogger(config);
  const logger = nestLoggerOn(rootLogger);
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`DATABASE_URL not set: starting the embedded PostgreSQL in ${config.dataDir}`, CONTEXT);
    embedded = await startEmbeddedPostgres(config.dataDir, {
      log: (line) => (line.startsWith('Stopping') ? logger.warn(line, CONTEXT) : logger.debug?.(line, 'PostgreSQL')),
    });
    databaseUrl = embedded.url;
  }
  app = await createApp(config, databaseUrl, { rootLogger });
  await app.init();
  const { generated } = await app.get(CommandBus).execute(new EnsureAdminKeyCommand(config.adminApiKey));
  if (generated) {
    // Shown once, on a start without ADMIN_API_KEY when no all-accounts key manager exists; only its hash is stored.
    // A terminal shows it; JSON logs (collected, kept) never hold it: it goes to a file only its owner may read.
    const text = 'No API key could manage keys on every account, so one was generated (it is shown only this once)';
    if (config.logFormat === 'json') {
      const file = path.join(config.dataDir, 'generated-admin-key');
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${generated}\n`, { mode: 0o600 });
      logger.warn(`${text}: it is in ${file} (mode 0600); read it, then delete the file`, CONTEXT);
    } else {
      process.stdout.write(`\n${text}:\n\n  ${generated}\n\n`);
    }
  }
  // every address, as Node does by default (Fastify alone would pick localhost): IPv6 and IPv4, or IPv4 where the kernel has no IPv6
  const ipv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.family === 'IPv6'));
  await app.listen(config.port, ipv6 ? '::' : '0.0.0.0');
  logger.log(`Listening on http://localhost:${config.port} (API docs at /docs)`, CONTEXT);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the requests in flight, then stopping`, CONTEXT);
    setTimeout(() => {
      process.stderr.write(`Shutdown took over ${EXIT_DEADLINE_MS / 1000} s: exiting now\n`);
      process.exit(1);
    }, EXIT_DEADLINE_MS).unref();
    try {
      // new connections are refused at once; requests in flight finish on the database, which stays up until they have
      await drainConnections(app!, DRAIN_MS, (open) => logger.warn(`${open} requests still running after ${DRAIN_MS / 1000} s: closing their connections`, CONTEXT));
      await app?.close(); // the scheduler finishes its checks under way and gives back the rest
      await embedded?.stop();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`Shutdown failed: ${describeError(error)}\n`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, (s) => void shutdown(s));
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
  process.exit(1);
}

main(config).catch(async (error: unknown) => {
  process.stderr.write(`Start-up failed: ${describeError(error)}\n`);
  await app?.close().catch(() => undefined);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
