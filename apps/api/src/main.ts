import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EnsureAdminKeyCommand } from '#iam';
import { ConfigError, loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';

async function main(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadConfig();
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    // embedded-postgres stops its server itself when this process exits (SIGINT, SIGTERM, exit).
    logger.log(`DATABASE_URL not set: starting the embedded PostgreSQL in ${config.dataDir}`);
    databaseUrl = (await startEmbeddedPostgres(config.dataDir)).url;
  }
  const app = await createApp(config, databaseUrl);
  await app.init();
  const { generated } = await app.get(CommandBus).execute(new EnsureAdminKeyCommand(config.adminApiKey));
  if (generated) {
    // Printed once, on the first start without ADMIN_API_KEY; only its hash is stored.
    process.stdout.write(`\nNo API key existed, so one was generated (it is shown only this once):\n\n  ${generated}\n\n`);
  }
  await app.listen(config.port);
  logger.log(`Listening on http://localhost:${config.port} (API docs at /docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
