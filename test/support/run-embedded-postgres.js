// Child process for the embedded-PostgreSQL tests: starts the server on DATA_DIR (argv[2]) the way
// the service does, prints one JSON line { url, pid, servicePid }, then waits to be killed.
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.js';

const server = await startEmbeddedPostgres(process.argv[2]);
process.stdout.write(`${JSON.stringify({ url: server.url, pid: server.pid, servicePid: process.pid })}\n`);
setInterval(() => undefined, 60_000);
