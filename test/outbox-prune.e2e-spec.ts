/**
 * Pruning of the outbox on real PostgreSQL: delivered entries older than OUTBOX_KEEP_DAYS (7 by
 * default, decimals allowed) are removed by the relay; pending and dead entries, and delivered
 * ones still within the window, stay. The entries are written with SQL as the relay leaves them;
 * each app below is a fresh relay, so its first round prunes.
 */
import { OutboxRelay } from '#outbox';
import { startTestApp, type TestApp } from './support/app.js';

const HANDLER = 'prune-test';

/** Entries by label: created `created` ago, in `state`, delivered `delivered` ago (delivered ones only). */
const ENTRIES: { label: string; state: 'pending' | 'delivered' | 'dead'; created: string; delivered: string | null }[] = [
  { label: 'delivered 8 days ago', state: 'delivered', created: '8 days 1 minute', delivered: '8 days' },
  { label: 'delivered 6 days ago', state: 'delivered', created: '6 days 1 minute', delivered: '6 days' },
  // created long before its delivery (retried for a while): its age is its delivery's, not its creation's
  { label: 'delivered 42 hours ago', state: 'delivered', created: '60 hours', delivered: '42 hours' },
  { label: 'delivered 30 hours ago', state: 'delivered', created: '60 hours', delivered: '30 hours' },
  { label: 'pending, created 60 hours ago', state: 'pending', created: '60 hours', delivered: null },
  { label: 'dead, created 60 hours ago', state: 'dead', created: '60 hours', delivered: null },
];

describe('outbox: pruning of delivered entries (OUTBOX_KEEP_DAYS)', () => {
  let databaseUrl: string;
  const apps: TestApp[] = [];

  /** A new app (a relay that has not pruned yet) on the test's database; answers once its relay has pruned. */
  async function pruneWith(env: Record<string, string>): Promise<TestApp> {
    const t = await startTestApp({ env, databaseUrl });
    apps.push(t);
    // the relay prunes at the end of a round, the first one at once and then hourly; the round
    // started at bootstrap is joined, or this one is it
    await t.app.get(OutboxRelay).drain();
    return t;
  }

  const remaining = async (t: TestApp) =>
    (await t.sql<{ label: string }>(`SELECT payload->>'label' AS label FROM outbox_entries WHERE handler = $1 ORDER BY id`, [HANDLER])).map((r) => r.label);

  beforeAll(async () => {
    const setup = await startTestApp();
    apps.push(setup);
    databaseUrl = setup.databaseUrl;
    await setup.app.get(OutboxRelay).drain(); // this app's relay has pruned before the entries exist
    for (const e of ENTRIES) {
      await setup.sql(
        `INSERT INTO outbox_entries (event_id, handler, type, version, payload, occurred_at, created_at, state, attempts, next_attempt_at, lease_until, last_error, delivered_at)
         VALUES (gen_random_uuid(), $1, 'PruneTest', 1, jsonb_build_object('label', $2::text), now() - $3::interval, now() - $3::interval, $4::text,
                 CASE $4::text WHEN 'delivered' THEN 1 ELSE 3 END,
                 -- a pending entry waits for its next try (a day away: no relay here claims it)
                 CASE $4::text WHEN 'pending' THEN now() + interval '1 day' ELSE now() - $3::interval END,
                 NULL, CASE $4::text WHEN 'delivered' THEN NULL ELSE 'SMTP 451 try again later' END, now() - $5::interval)`,
        [HANDLER, e.label, e.created, e.state, e.delivered],
      );
    }
    await setup.close();
    apps.pop();
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('keeps delivered entries 7 days by default, then 1.5 days when OUTBOX_KEEP_DAYS=1.5; pending and dead entries stay', async () => {
    const all = ENTRIES.map((e) => e.label);
    const byDefault = await pruneWith({});
    expect(await remaining(byDefault)).toEqual(all.filter((l) => l !== 'delivered 8 days ago'));
    await byDefault.close();
    apps.pop();

    const shorter = await pruneWith({ OUTBOX_KEEP_DAYS: '1.5' });
    // 36 hours: 42 hours is past it (neither 2 days), 30 hours within it (neither 1 day)
    expect(await remaining(shorter)).toEqual(['delivered 30 hours ago', 'pending, created 60 hours ago', 'dead, created 60 hours ago']);
    // what stays is untouched
    expect(await shorter.sql(`SELECT state, attempts, last_error IS NULL AS no_error FROM outbox_entries WHERE handler = $1 ORDER BY id`, [HANDLER])).toEqual([
      { state: 'delivered', attempts: 1, no_error: true },
      { state: 'pending', attempts: 3, no_error: false },
      { state: 'dead', attempts: 3, no_error: false },
    ]);
  });
});
