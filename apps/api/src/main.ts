import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EnsureAdminKeyCommand } from '#iam';
import { type AppConfig, ConfigError, loadConfig } from './config.js';
import { createApp, createLogger } from './create-app.js';
import { describeError } from './database/database.module.js';
import { type RunningEmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres.js';

const CONTEXT = 'Bootstrap';
let embedded: RunningEmbeddedPostgres | undefined;
let app: INestApplication | undefined;

async function main(config: AppConfig): Promise<void> {
  const logger = createLogger(config);
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`DATABASE_URL not set: starting the embedded PostgreSQL in ${config.dataDir}`, CONTEXT);
    embedded = await startEmbeddedPostgres(config.dataDir, {
      log: (line) => (line.startsWith('Stopping') ? logger.warn(line, CONTEXT) : logger.debug?.(line, 'PostgreSQL')),
    });
    databaseUrl = embedded.url;
  }
  app = await createApp(config, databaseUrl, { logger });
  await app.init();
  const { generated } = await app.get(CommandBus).execute(new EnsureAdminKeyCommand(config.adminApiKey));
  if (generated) {
    // Shown once, on a start without ADMIN_API_KEY when no all-accounts key manager exists; only its hash is stored.
    const text = 'No API key could manage keys on every account, so one was generated (it is shown only this once)';
    process.stdout.write(
      config.logFormat === 'json'
        ? `${JSON.stringify({ level: 'warn', context: CONTEXT, message: text, apiKey: generated })}\n`
        : `\n${text}:\n\n  ${generated}\n\n`,
    );
  }
  await app.listen(config.port);
  logger.log(`Listening on http://localhost:${config.port} (API docs at /docs)`, CONTEXT);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`, CONTEXT);
    try {
      await app?.close();
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
