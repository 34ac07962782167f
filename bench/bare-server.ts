/**
 * The limits the service is measured against, run as a child process of the benchmark:
 *   MODE=bytes  a bare node:http server answering every request with the bytes in BODY_FILE;
 *   MODE=pg     a bare node:http + pg server running SQL_TEXT with SQL_PARAMS (JSON) per request,
 *               prepared (as the service runs its reads), and answering the rows as JSON (what
 *               serving that SQL costs at the least).
 * Prints `ready <port>` once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import pg from 'pg';

const mode = process.env.MODE;
let handler: (res: import('node:http').ServerResponse) => void;
if (mode === 'bytes') {
  const body = readFileSync(process.env.BODY_FILE!);
  handler = (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  };
} else if (mode === 'pg') {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  const text = process.env.SQL_TEXT!;
  const params = JSON.parse(process.env.SQL_PARAMS ?? '[]') as unknown[];
  handler = (res) => {
    pool.query({ name: 'bench', text, values: params }).then(
      (result) => {
        const body = JSON.stringify(result.rows);
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      },
      (error: Error) => {
        res.writeHead(500);
        res.end(error.message);
      },
    );
  };
} else {
  throw new Error(`MODE must be bytes or pg, got ${mode}`);
}

const server = createServer((_req, res) => handler(res));
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`ready ${address.port}\n`);
});
