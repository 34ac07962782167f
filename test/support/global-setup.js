// Plain JavaScript on purpose: Jest loads globalSetup outside its ESM/TypeScript transform.
// The embedded PostgreSQL is started by the service's own code (a type-checked JavaScript module).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.js';

/**
 * One real PostgreSQL for the whole run: the embedded server, unless DATABASE_URL names another.
 * Each test file creates a database of its own in it (test/support/app.ts), so files can run in
 * parallel.
 */
export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  // mkdtemp makes a 0700 directory; run as root, the service hands it to the postgres user itself.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sds-test-'));
  const server = await startEmbeddedPostgres(dataDir);
  process.env.TEST_DATABASE_URL = server.url;
  globalThis.__SDS_PG__ = { server, dataDir };
}
