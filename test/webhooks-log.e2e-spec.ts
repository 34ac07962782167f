/**
 * The webhook log's upkeep on real PostgreSQL: what is older than WEBHOOK_LOG_DAYS goes, however
 * much there is (a statement per batch until none is left), but for a delivery being attempted;
 * and the claim's fairness: an endpoint whose every delivery fails gets a few slots, so a backlog
 * of dead endpoints does not hold up the healthy ones.
 */
import { DeliveryWorker } from '../libs/webhooks/src/application/delivery-worker.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { auth } from './support/domains.js';
import { waitFor } from './support/wait-for.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const admin = auth(ADMIN_KEY);
const ACCOUNT = '7a1b2c3d-0000-4000-8000-00000000109d';

describe('the webhook log', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startTestApp({ env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_RETRY_SCHEDULE: '0,1' } });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  it('prunes everything older than WEBHOOK_LOG_DAYS in batches, keeping what is recent or under way', async () => {
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/log'), events: ['*'], accountIds: [ACCOUNT] }).expect(201)).body as { id: string };
    // 4,500 messages of 40 days ago (more than two statements' worth), one of them still being attempted, and one of today
    await t.sql(
      `INSERT INTO webhook_messages (event_id, type, account_id, occurred_at, body, created_at)
       SELECT gen_random_uuid(), 'domain.updated', $1, now() - interval '40 days', '{}', now() - interval '40 days' FROM generate_series(1, 4500)`,
      [ACCOUNT],
    );
    await t.sql(`INSERT INTO webhook_messages (event_id, type, account_id, occurred_at, body, created_at) VALUES (gen_random_uuid(), 'domain.updated', $1, now(), '{}', now())`, [ACCOUNT]);
    await t.sql(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, attempts, created_at, delivered_at)
       SELECT gen_random_uuid(), $1, event_id, type, 'delivered', 1, '[]', created_at, created_at FROM webhook_messages`,
      [endpoint.id],
    );
    await t.sql(
      `UPDATE webhook_deliveries SET status = 'pending', claim = gen_random_uuid(), lease_until = now() + interval '1 minute'
        WHERE id = (SELECT id FROM webhook_deliveries WHERE created_at < now() - interval '39 days' LIMIT 1)`,
    );

    await t.app.get(DeliveryWorker).prune();

    const left = await t.sql<{ old: boolean; claimed: boolean }>(`SELECT created_at < now() - interval '39 days' AS old, claim IS NOT NULL AS claimed FROM webhook_deliveries ORDER BY created_at`);
    expect(left).toEqual([
      { old: true, claimed: true },
      { old: false, claimed: false },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM webhook_messages`)).toEqual([{ n: 2 }]);
  });

  it('an endpoint whose deliveries fail gets two slots, so dead endpoints do not hold up a healthy one', async () => {
    // eight dead endpoints with twenty deliveries each (at 16 slots each they would take all 128) and a healthy one, all for one account
    const other = '7a1b2c3d-0000-4000-8000-00000000109e';
    receiver.replyAt('/dead', 'hang');
    const dead: string[] = [];
    for (let i = 0; i < 8; i++) dead.push(((await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url(`/dead`), events: ['domain.created'], accountIds: [other] }).expect(201)).body as { id: string }).id);
    // their streak has begun: each has failed before
    await t.sql(`UPDATE webhook_endpoints SET failing_since = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`, [dead]);
    await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/healthy'), events: ['domain.created'], accountIds: [other] }).expect(201);

    for (let i = 0; i < 20; i++) await t.http.post(`/api/v1/accounts/${other}/domains`).set(admin).send({ domain: `fair-${i}.example.org` }).expect(201);

    await waitFor('the healthy endpoint to get all twenty', () => receiver.at('/healthy').length >= 20, { timeoutMs: 30_000 });
    // the dead ones were tried, two at a time each
    const hanging = await t.sql<{ endpoint_id: string; n: number }>(
      `SELECT endpoint_id, count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[]) AND claim IS NOT NULL GROUP BY endpoint_id`,
      [dead],
    );
    expect(hanging.length).toBe(8);
    expect(hanging.every((h) => h.n <= 2)).toBe(true);
  });
});
