/**
 * Benchmark: does the scheduler's claim stay cheap as the table grows towards a million domains?
 *
 * On a real (embedded) PostgreSQL it fills `sending_domains` with N rows (4 % of them due), then
 * times, in the same run and through the application's own buses:
 *   - reference: GetDomainQuery of one domain by id (a primary-key lookup);
 *   - claim: ClaimDueDomainsCommand, the scheduler's claim of a batch of 100 (FOR UPDATE SKIP LOCKED + lease);
 *   - list: ListDomainsQuery of one account, first page of 20 (the native list route's read model).
 * It reports each as a ratio to the reference and checks it against a limit (a claim may cost at
 * most 40 PK lookups, whatever N is). Timings are medians of many rounds. Not part of `npm test`.
 *
 *   npm run bench              # N = 200 000
 *   BENCH_ROWS=1000000 npm run bench
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ClaimDueDomainsCommand, GetDomainQuery, ListDomainsQuery } from '#domains';
import { AccountScope } from '#shared-kernel';
import { loadConfig } from '../apps/api/src/config.js';
import { createApp } from '../apps/api/src/create-app.js';
import { startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = 200;
const CLAIM_ROUNDS = Math.min(ROUNDS, Math.floor(ROWS / 25 / 100)); // each round leases 100 of the due rows
const LIMITS = { claim: 40, list: 20 };
const ALL = AccountScope.allAccounts();
const account = (i: number) => `00000000-0000-4000-8000-${String(i % 1000).padStart(12, '0')}`;

async function median(rounds: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const parent = mkdtempSync(path.join(tmpdir(), 'sds-bench-'));
  chmodSync(parent, 0o755);
  const pg = await startEmbeddedPostgres(path.join(parent, 'data'));
  const app = await createApp(loadConfig({ VERIFICATION_SCHEDULER: 'off', LOG_LEVEL: 'error' }), pg.url, { logger: false });
  try {
    await app.init();
    const ds = app.get(DataSource);
    const commands = app.get(CommandBus);
    const queries = app.get(QueryBus);
    console.log(`filling sending_domains with ${ROWS} rows…`);
    // 1 000 accounts; every 25th domain due now, the rest due later.
    await ds.query(
      `INSERT INTO sending_domains (id, account_id, name, display_name, email_address, status, status_changed_at, created_on, next_check_at)
       SELECT i, ('00000000-0000-4000-8000-' || lpad((i % 1000)::text, 12, '0'))::uuid, 'd' || i || '.example.com', 'd' || i || '.example.com',
              'ops@example.com', CASE WHEN i % 3 = 0 THEN 'active' ELSE 'pending' END, now(), now(),
              CASE WHEN i % 25 = 0 THEN now() - interval '1 minute' ELSE now() + (i % 86400) * interval '1 second' END
         FROM generate_series(1, $1) AS i`,
      [ROWS],
    );
    await ds.query(`SELECT setval('sending_domains_id_seq', $1)`, [ROWS]);
    await ds.query(`ANALYZE sending_domains`);

    const reference = await median(ROUNDS, (i) => queries.execute(new GetDomainQuery({ domainId: 1 + ((i * 7919) % ROWS) }, ALL)));
    const claim = await median(CLAIM_ROUNDS, async () => {
      const ids = await commands.execute(new ClaimDueDomainsCommand(100, 300_000));
      if (ids.length !== 100) throw new Error(`claimed ${ids.length}, expected 100`);
    });
    const list = await median(ROUNDS, (i) => queries.execute(new ListDomainsQuery(account(i), { sort: 'createdAt' }, { limit: 20, offset: 0 }, ALL)));

    const rows = [
      ['reference: GetDomainQuery by id', reference, 1, '-'],
      ['ClaimDueDomainsCommand(100)', claim, claim / reference, LIMITS.claim],
      [`ListDomainsQuery (${ROWS / 1000} domains, page of 20)`, list, list / reference, LIMITS.list],
    ] as const;
    console.log(`\nrows: ${ROWS}; medians of ${ROUNDS} rounds (claim: ${CLAIM_ROUNDS})`);
    for (const [name, ms, ratio, limit] of rows) {
      console.log(`${name.padEnd(40)} ${ms.toFixed(3).padStart(8)} ms   ratio ${ratio.toFixed(1).padStart(6)}   limit ${limit}`);
    }
    const over = rows.filter(([, , ratio, limit]) => typeof limit === 'number' && ratio > limit);
    if (over.length) {
      console.log(`\nOVER LIMIT: ${over.map(([n]) => n).join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log('\nall within limits');
    }
  } finally {
    await app.close();
    await pg.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
