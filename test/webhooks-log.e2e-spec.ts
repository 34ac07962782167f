/**
 * The webhook log's upkeep on real PostgreSQL: what is older than WEBHOOK_LOG_DAYS goes, however
 * much there is (a statement per batch until none is left), but for a delivery being attempted or
 * still to be tried; a due delivery held by a claim that lapses is taken soon after, without a
 * claim statement ten times a second meanwhile; a fan-out's first tries written claimed, within
 * the room the worker offers, and a claim given up unused due again at once; and the claim's fairness: an endpoint whose every delivery fails gets a few slots, so a backlog
 * of dead endpoints does not hold up the healthy ones.
 */
import { randomUUID } from 'node:crypto';
import { TypeOrmUnitOfWork } from '#shared-kernel';
import { createDataSource } from '../apps/api/src/database/database.module.js';
import { DeliveryWorker } from '../libs/webhooks/src/application/delivery-worker.js';
import { DeliveryStore } from '../libs/webhooks/src/domain/delivery-store.port.js';
import { ADMIN_KEY, createTestDatabase, startTestApp, type TestApp } from './support/app.js';
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

  it('prunes everything older than WEBHOOK_LOG_DAYS in batches, keeping what is recent, under way or still to be tried', async () => {
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/log'), events: ['*'], accountIds: [ACCOUNT] }).expect(201)).body as { id: string };
    const disabled = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/off'), events: ['*'], accountIds: [ACCOUNT] }).expect(201)).body as { id: string };
    await t.http.patch(`/api/v1/webhooks/${disabled.id}`).set(admin).send({ enabled: false }).expect(200);
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
    const old = (await t.sql<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE created_at < now() - interval '39 days' ORDER BY id LIMIT 3`)).map((r) => r.id);
    // one under way, one waiting for its next try (a Retry-After of a day), one waiting at the disabled endpoint
    await t.sql(`UPDATE webhook_deliveries SET status = 'pending', claim = gen_random_uuid(), lease_until = now() + interval '1 minute' WHERE id = $1`, [old[0]]);
    await t.sql(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() + interval '1 day', tries = 3 WHERE id = $1`, [old[1]]);
    await t.sql(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() + interval '1 day', endpoint_id = $2 WHERE id = $1`, [old[2], disabled.id]);

    await t.app.get(DeliveryWorker).prune();

    const left = await t.sql<{ old: boolean; claimed: boolean; status: string }>(
      `SELECT created_at < now() - interval '39 days' AS old, claim IS NOT NULL AS claimed, status FROM webhook_deliveries ORDER BY created_at, claim IS NULL`,
    );
    expect(left).toEqual([
      { old: true, claimed: true, status: 'pending' },
      { old: true, claimed: false, status: 'pending' },
      { old: false, claimed: false, status: 'delivered' },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM webhook_messages`)).toEqual([{ n: 3 }]);
    await t.sql(`DELETE FROM webhook_deliveries WHERE id = ANY($1::uuid[])`, [old]);
  });

  it('a fan-out writes the first tries the room allows claimed (earliest first, counting what is held), the rest unclaimed; a claim given up unused is due again at once, its schedule not started', async () => {
    const other = '7a1b2c3d-0000-4000-8000-0000000010a1';
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/ahead'), events: ['domain.updated'], accountIds: [other] }).expect(201)).body as { id: string; url: string };
    const store = t.app.get(DeliveryStore);
    const uow = t.app.get(TypeOrmUnitOfWork);
    const now = new Date(Date.now() - 1000);
    const message = (body: string) => ({ eventId: randomUUID(), type: 'domain.updated', accountId: other, occurredAt: now, body, createdAt: now });
    const messages = ['{"n":0}', '{"n":1}', '{"n":2}'].map(message);
    const room = (held: number) => ({ now, leaseUntil: new Date(now.getTime() + 60_000), limit: 10, perEndpoint: { healthy: 2, failing: 1 }, held: new Map([[endpoint.id, held]]) });
    // in a transaction rolled back at the end: the worker never sees these rows
    await expect(
      uow.run(async () => {
        const rows = () =>
          uow.manager.query(
            `SELECT m.body, d.tries, d.claim IS NOT NULL AS claimed, d.first_attempt_at AS "firstAttemptAt", d.next_attempt_at AS next
               FROM webhook_deliveries d JOIN webhook_messages m USING (event_id) WHERE d.endpoint_id = $1 ORDER BY m.body`,
            [endpoint.id],
          );
        const written = await store.fanOut(messages, room(0));
        expect(written.created).toBe(3);
        expect(written.claimed.map((d) => d.body)).toEqual(['{"n":0}', '{"n":1}']);
        expect(written.claimed[0]).toMatchObject({ endpointId: endpoint.id, url: endpoint.url, status: 'pending', tries: 1, enabled: true, endpointFailing: false, firstAttemptAt: now });
        // the first tries without a next attempt (outside the due indexes), under one claim and its lease
        expect(await rows()).toEqual([
          { body: '{"n":0}', tries: 1, claimed: true, firstAttemptAt: now, next: null },
          { body: '{"n":1}', tries: 1, claimed: true, firstAttemptAt: now, next: null },
          { body: '{"n":2}', tries: 0, claimed: false, firstAttemptAt: null, next: now },
        ]);
        expect(written.claimed[1]!.claim).toBe(written.claimed[0]!.claim);
        expect(await uow.manager.query(`SELECT lease_until AS until, delivery_ids::text[] AS ids FROM webhook_first_try_leases WHERE claim = $1`, [written.claimed[0]!.claim])).toEqual([
          { until: new Date(now.getTime() + 60_000), ids: expect.arrayContaining(written.claimed.map((d) => d.id)) },
        ]);
        // a second fan-out, one of the endpoint's two already held here: one more claimed
        const more = await store.fanOut(['{"n":3}', '{"n":4}'].map(message), room(1));
        expect(more.claimed.map((d) => d.body)).toEqual(['{"n":3}']);
        // again the same messages: nothing new (idempotent by event id), nothing claimed
        expect(await store.fanOut(messages, room(0))).toEqual({ created: 0, claimed: [] });
        await store.release([{ deliveryId: written.claimed[0]!.id, claim: written.claimed[0]!.claim }, { deliveryId: written.claimed[1]!.id, claim: randomUUID() }]);
        expect((await rows()).slice(0, 2)).toEqual([
          { body: '{"n":0}', tries: 0, claimed: false, firstAttemptAt: null, next: now }, // due again, as it was written
          { body: '{"n":1}', tries: 1, claimed: true, firstAttemptAt: now, next: null }, // another claim's token: left as it is
        ]);
        // given back after the endpoint was disabled (its pending deliveries failed, the claimed one left): it fails too
        await uow.manager.query(`UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'answered 410 Gone' WHERE id = $1`, [endpoint.id]);
        await store.release([{ deliveryId: written.claimed[1]!.id, claim: written.claimed[1]!.claim }]);
        expect(await uow.manager.query(`SELECT status, claim, next_attempt_at AS next, failure FROM webhook_deliveries WHERE id = $1`, [written.claimed[1]!.id])).toEqual([
          { status: 'failed', claim: null, next: null, failure: 'the endpoint was disabled: answered 410 Gone' },
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
  });

  /**
   * An endpoint of its own and `count` messages for it written a second ago: `fanOut` writes them,
   * `room` of them claimed, under a lease of a minute; `claimAt` claims at a time, answering this endpoint's
   * part (other tests' due deliveries may be taken too).
   */
  async function firstTriesOf(account: string, path: string, count: number, room = 3) {
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url(path), events: ['domain.updated'], accountIds: [account] }).expect(201)).body as { id: string };
    const store = t.app.get(DeliveryStore);
    const now = new Date(Date.now() - 1000);
    const leaseUntil = new Date(now.getTime() + 60_000);
    const messages = Array.from({ length: count }, (_, n) => ({ eventId: randomUUID(), type: 'domain.updated', accountId: account, occurredAt: now, body: `{"n":${n}}`, createdAt: now }));
    return {
      endpoint,
      store,
      uow: t.app.get(TypeOrmUnitOfWork),
      now,
      leaseUntil,
      fanOut: () => store.fanOut(messages, { now, leaseUntil, limit: 10, perEndpoint: { healthy: room, failing: 1 }, held: new Map() }),
      claimAt: async (at: Date) => (await store.claim(at, 100, new Date(at.getTime() + 60_000), { healthy: 16, failing: 2 }, new Map())).filter((d) => d.endpointId === endpoint.id),
    };
  }

  it("a delivered first try's outcome is written in place (HOT); first tries whose fan-out lease lapses without an outcome are claimed again, once", async () => {
    const { endpoint, store, uow, now, leaseUntil, fanOut, claimAt } = await firstTriesOf('7a1b2c3d-0000-4000-8000-0000000010a3', '/revive', 3);
    // rolled back at the end: the worker never sees these rows
    await expect(
      uow.run(async () => {
        const written = await fanOut();
        const [first, ...rest] = [...written.claimed].sort((a, b) => a.body.localeCompare(b.body));
        const hot = async () => Number(((await uow.manager.query(`SELECT pg_stat_get_xact_tuples_hot_updated('webhook_deliveries'::regclass) AS n`)) as { n: string }[])[0]!.n);
        const before = await hot();
        const at = new Date().toISOString();
        await store.record([
          { deliveryId: first!.id, claim: first!.claim, endpointId: endpoint.id, status: 'delivered', nextAttemptAt: null, failure: null, succeeded: true, gone: false, attempt: { at, trigger: 'scheduled', statusCode: 204, durationMs: 3, error: null, response: null } },
        ]);
        expect(await hot()).toBe(before + 1);
        // under way, the log shows them due since they were written (as before their first try)
        expect(await store.get(endpoint.id, rest[0]!.id)).toMatchObject({ status: 'pending', nextAttemptAt: now });
        // the lease holds: nothing of them to claim yet
        expect(await claimAt(new Date(leaseUntil.getTime() - 1))).toEqual([]);
        // lapsed: the two without an outcome, due since they were written, each a try more; the lease row gone
        const again = await claimAt(new Date(leaseUntil.getTime() + 1));
        expect(again.map((d) => [d.body, d.tries]).sort()).toEqual(rest.map((d) => [d.body, 2]).sort());
        expect(await uow.manager.query(`SELECT 1 FROM webhook_first_try_leases WHERE claim = $1`, [first!.claim])).toEqual([]);
        expect(await uow.manager.query(`SELECT status, next_attempt_at AS next FROM webhook_deliveries WHERE id = $1`, [first!.id])).toEqual([{ status: 'delivered', next: null }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.http.delete(`/api/v1/webhooks/${endpoint.id}`).set(admin).expect(204);
  });

  it('outcomes of every shape are kept as they were recorded, and one under a claim that is not the delivery’s changes nothing', async () => {
    const { endpoint, store, uow, fanOut } = await firstTriesOf('7a1b2c3d-0000-4000-8000-0000000010a5', '/shapes', 5, 5);
    await expect(
      uow.run(async () => {
        const written = await fanOut();
        const [d1, d2, d3, d4, d5] = [...written.claimed].sort((a, b) => a.body.localeCompare(b.body));
        const at = '2026-12-02T07:44:00.123Z';
        const retryAt = new Date('2026-12-02T08:14:00.123Z');
        const attempts = {
          delivered: { at, trigger: 'scheduled', statusCode: 204, durationMs: 3, error: null, response: '' },
          retried: { at, trigger: 'scheduled', statusCode: 500, durationMs: 1250, error: 'HTTP 500', response: 'oops "quoted" \\ ünïcode 🎉\n' },
          failed: { at, trigger: 'scheduled', statusCode: null, durationMs: 10_000, error: 'connect ECONNREFUSED', response: null },
          manual: { at, trigger: 'manual', statusCode: 200, durationMs: 0, error: null, response: 'ok' },
        } as const;
        const common = { endpointId: endpoint.id, nextAttemptAt: null, failure: null, gone: false };
        await store.record([
          { ...common, deliveryId: d1!.id, claim: d1!.claim, status: 'delivered', succeeded: true, attempt: attempts.delivered },
          { ...common, deliveryId: d2!.id, claim: d2!.claim, status: 'pending', nextAttemptAt: retryAt, succeeded: false, attempt: attempts.retried },
          { ...common, deliveryId: d3!.id, claim: d3!.claim, status: 'failed', failure: 'gave up after 10 attempts', succeeded: false, attempt: attempts.failed },
          { ...common, deliveryId: d4!.id, claim: d4!.claim, status: 'delivered', succeeded: true, attempt: attempts.manual },
          { ...common, deliveryId: d5!.id, claim: randomUUID(), status: 'delivered', succeeded: true, attempt: attempts.delivered },
        ]);
        expect(await store.get(endpoint.id, d1!.id)).toMatchObject({ status: 'delivered', attempts: [attempts.delivered], nextAttemptAt: null, deliveredAt: new Date(at) });
        expect(await store.get(endpoint.id, d2!.id)).toMatchObject({ status: 'pending', attempts: [attempts.retried], nextAttemptAt: retryAt });
        expect(await store.get(endpoint.id, d3!.id)).toMatchObject({ status: 'failed', attempts: [attempts.failed], nextAttemptAt: null, failure: 'gave up after 10 attempts' });
        expect(await store.get(endpoint.id, d4!.id)).toMatchObject({ status: 'delivered', attempts: [attempts.manual] });
        expect(await store.get(endpoint.id, d5!.id)).toMatchObject({ status: 'pending', attempts: [] });
        // as jsonb, each attempt is what the log kept before outcomes were sent compactly
        expect(await uow.manager.query(`SELECT attempts = $2::jsonb AS same FROM webhook_deliveries WHERE id = $1`, [d2!.id, JSON.stringify([attempts.retried])])).toEqual([{ same: true }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.http.delete(`/api/v1/webhooks/${endpoint.id}`).set(admin).expect(204);
  });

  it("first tries whose lease lapses after their endpoint was disabled fail with its reason, instead of waiting for a claim that never comes", async () => {
    const { endpoint, store, uow, leaseUntil, fanOut, claimAt } = await firstTriesOf('7a1b2c3d-0000-4000-8000-0000000010a4', '/revive-off', 2);
    await expect(
      uow.run(async () => {
        const written = await fanOut();
        expect(written.claimed).toHaveLength(2);
        // disabled while they were under way (their instance dies): failPending leaves claimed ones
        await uow.manager.query(`UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'answered 410 Gone' WHERE id = $1`, [endpoint.id]);
        await store.failPending(endpoint.id, new Date());
        expect(await claimAt(new Date(leaseUntil.getTime() + 1))).toEqual([]);
        expect(await uow.manager.query(`SELECT status, next_attempt_at AS next, claim, failure FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id])).toEqual([
          { status: 'failed', next: null, claim: null, failure: 'the endpoint was disabled: answered 410 Gone' },
          { status: 'failed', next: null, claim: null, failure: 'the endpoint was disabled: answered 410 Gone' },
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.http.delete(`/api/v1/webhooks/${endpoint.id}`).set(admin).expect(204);
  });

  it("retries claimed by an instance that died as their endpoint was disabled fail with its reason: at once if the claim has lapsed, else at the next pruning round once it has", async () => {
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/abandoned'), events: ['domain.updated'], accountIds: [randomUUID()] }).expect(201)).body as { id: string };
    const messages = await t.sql<{ event_id: string }>(
      `INSERT INTO webhook_messages (event_id, type, account_id, occurred_at, body, created_at) SELECT gen_random_uuid(), 'domain.updated', NULL, now(), '{}', now() FROM generate_series(1, 2) RETURNING event_id`,
    );
    // two retries (due tomorrow, so that no claim takes them here) under claims of instances that
    // died: one lapsed a second ago, one lasting a minute more; told apart by their tries
    await t.sql(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, next_attempt_at, first_attempt_at, claim, lease_until, attempts, created_at)
       SELECT gen_random_uuid(), $1, v.event_id, 'domain.updated', 'pending', v.tries, now() + interval '1 day', now(), gen_random_uuid(), now() + v.lease, '[]', now()
         FROM (VALUES ($2::uuid, 2, interval '-1 second'), ($3::uuid, 3, interval '1 minute')) AS v(event_id, tries, lease)`,
      [endpoint.id, messages[0]!.event_id, messages[1]!.event_id],
    );
    const states = () =>
      t.sql<{ tries: number; status: string; claimed: boolean; failure: string | null }>(`SELECT tries, status, claim IS NOT NULL AS claimed, failure FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY tries`, [endpoint.id]);
    await t.http.patch(`/api/v1/webhooks/${endpoint.id}`).set(admin).send({ enabled: false }).expect(200);
    const [{ reason }] = (await t.sql<{ reason: string }>(`SELECT disabled_reason AS reason FROM webhook_endpoints WHERE id = $1`, [endpoint.id])) as [{ reason: string }];
    const failed = { status: 'failed', claimed: false, failure: `the endpoint was disabled: ${reason}` };
    expect(await states()).toEqual([
      { tries: 2, ...failed },
      { tries: 3, status: 'pending', claimed: true, failure: null },
    ]);
    // the other claim lapses without an outcome: the next round of the worker's upkeep fails it
    await t.sql(`UPDATE webhook_deliveries SET lease_until = now() - interval '1 second' WHERE endpoint_id = $1 AND status = 'pending'`, [endpoint.id]);
    await t.app.get(DeliveryWorker).prune();
    expect(await states()).toEqual([
      { tries: 2, ...failed },
      { tries: 3, ...failed },
    ]);
    await t.http.delete(`/api/v1/webhooks/${endpoint.id}`).set(admin).expect(204);
  });

  it('outside a transaction, a fan-out claims within the room of each endpoint (fewer for a failing one) and within the limit, each endpoint\'s earliest first', async () => {
    const other = '7a1b2c3d-0000-4000-8000-0000000010a2';
    const create = async (path: string) => ((await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url(path), events: ['domain.updated'], accountIds: [other] }).expect(201)).body as { id: string }).id;
    const [a, b, failing] = [await create('/room-a'), await create('/room-b'), await create('/room-f')];
    await t.sql(`UPDATE webhook_endpoints SET failing_since = now() WHERE id = $1`, [failing]);
    const store = t.app.get(DeliveryStore);
    const now = new Date();
    const messages = [0, 1, 2, 3].map((n) => ({ eventId: randomUUID(), type: 'domain.updated', accountId: other, occurredAt: now, body: `{"n":${n}}`, createdAt: now }));
    try {
      // room: 3 of a healthy endpoint (one of `a` held already), 1 of a failing one; 5 in all
      const written = await store.fanOut(messages, { now, leaseUntil: new Date(now.getTime() + 60_000), limit: 5, perEndpoint: { healthy: 3, failing: 1 }, held: new Map([[a, 1]]) });
      expect(written.created).toBe(12);
      const claimed = written.claimed.map((d) => `${d.endpointId === a ? 'a' : d.endpointId === b ? 'b' : 'f'}${d.body}`).sort();
      expect(claimed).toEqual(['a{"n":0}', 'a{"n":1}', 'b{"n":0}', 'b{"n":1}', 'f{"n":0}']);
      expect(written.claimed.find((d) => d.endpointId === failing)).toMatchObject({ endpointFailing: true, tries: 1 });
      await store.release(written.claimed.map((d) => ({ deliveryId: d.id, claim: d.claim })));
    } finally {
      for (const id of [a, b, failing]) await t.http.delete(`/api/v1/webhooks/${id}`).set(admin).expect(204);
    }
  });

  it('deleting an endpoint deletes its deliveries (no foreign key does: the statements keep them together)', async () => {
    const account = randomUUID(); // no other endpoint takes its events
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/deleted'), events: ['domain.updated'], accountIds: [account] }).expect(201)).body as { id: string };
    const now = new Date();
    const messages = [0, 1].map((n) => ({ eventId: randomUUID(), type: 'domain.updated', accountId: account, occurredAt: now, body: `{"n":${n}}`, createdAt: now }));
    expect((await t.app.get(DeliveryStore).fanOut(messages, null)).created).toBe(2);
    const deliveriesOf = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]))[0]!.n;
    expect(await deliveriesOf()).toBe(2);
    await t.http.delete(`/api/v1/webhooks/${endpoint.id}`).set(admin).expect(204);
    expect(await deliveriesOf()).toBe(0);
    expect(await t.sql(`SELECT conname FROM pg_constraint WHERE conrelid = 'webhook_deliveries'::regclass AND contype = 'f'`)).toEqual([]);
  });

  it('pruning removes pending deliveries left without their endpoint or their message (once a round)', async () => {
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/orphans'), events: ['domain.updated'], accountIds: [randomUUID()] }).expect(201)).body as { id: string };
    const [kept, noMessage, noEndpoint] = [randomUUID(), randomUUID(), randomUUID()];
    await t.sql(`INSERT INTO webhook_messages (event_id, type, occurred_at, body, created_at) VALUES ($1, 'domain.updated', now(), '{}', now())`, [kept]);
    await t.sql(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, next_attempt_at, attempts, created_at)
       SELECT gen_random_uuid(), e, m, 'domain.updated', 'pending', 0, now() + interval '1 day', '[]', now() FROM (VALUES ($1::uuid, $2::uuid), ($1, $3::uuid), ($4::uuid, $2)) AS v(e, m)`,
      [endpoint.id, kept, noMessage, noEndpoint],
    );
    expect(await t.app.get(DeliveryStore).dropStranded()).toBeGreaterThanOrEqual(2);
    expect(await t.sql(`SELECT endpoint_id AS "endpointId", event_id AS "eventId" FROM webhook_deliveries WHERE event_id = ANY($1::uuid[])`, [[kept, noMessage]])).toEqual([{ endpointId: endpoint.id, eventId: kept }]);
    await t.http.delete(`/api/v1/webhooks/${endpoint.id}`).set(admin).expect(204);
  });

  it("a due delivery held by a dead instance's claim is taken soon after the claim lapses, with a few claim statements meanwhile", async () => {
    const endpoint = (await t.http.post('/api/v1/webhooks').set(admin).send({ url: receiver.url('/lapse'), events: ['domain.created'], accountIds: [ACCOUNT] }).expect(201)).body as { id: string };
    const worker = t.app.get(DeliveryWorker);
    const store = (worker as unknown as { store: { claim: (...args: unknown[]) => Promise<unknown[]> } }).store;
    const claim = store.claim.bind(store);
    let claims = 0;
    store.claim = (...args: unknown[]) => {
      claims++;
      return claim(...args);
    };
    try {
      const [message] = await t.sql<{ event_id: string }>(
        `INSERT INTO webhook_messages (event_id, type, account_id, occurred_at, body, created_at) VALUES (gen_random_uuid(), 'webhook.test', NULL, now(), '{"type":"webhook.test"}', now()) RETURNING event_id`,
      );
      // due now, claimed by an instance that died: its lease ends in 3 s
      const [held] = await t.sql<{ lease_until: Date }>(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, next_attempt_at, first_attempt_at, claim, lease_until, attempts, created_at)
         VALUES (gen_random_uuid(), $1, $2, 'webhook.test', 'pending', 1, now(), now(), gen_random_uuid(), now() + interval '3 seconds', '[]', now()) RETURNING lease_until`,
        [endpoint.id, message!.event_id],
      );
      worker.kick();
      // the poll is a minute away (VERIFICATION_TICK_SECONDS): the worker wakes by itself
      await waitFor('the delivery sent once its claim lapsed', () => receiver.at('/lapse').length >= 1, { timeoutMs: 20_000 });
      // not before the dead instance's claim ended: the attempt the log holds began after it
      const at = await waitFor('the attempt recorded', async () => (await t.sql<{ at: string | null }>(`SELECT attempts->0->>'at' AS at FROM webhook_deliveries WHERE event_id = $1`, [message!.event_id]))[0]?.at ?? undefined);
      expect(new Date(at).getTime()).toBeGreaterThanOrEqual(held!.lease_until.getTime());
      // at 10 Hz it would have been some 30 claims by now
      expect(claims).toBeLessThanOrEqual(8);
    } finally {
      store.claim = claim;
    }
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

  it('a database made before first_attempt_at is migrated: tried deliveries get the time of their first attempt, the claim its per-endpoint index', async () => {
    const ds = await createDataSource(await createTestDatabase()).initialize();
    try {
      await ds.runMigrations();
      const executed = async () => ((await ds.query(`SELECT name FROM migrations`)) as { name: string }[]).map((m) => m.name);
      while ((await executed()).includes('WebhookFirstAttempt1732350021000')) await ds.undoLastMigration();
      await ds.query(`INSERT INTO webhook_endpoints (id, url, events, account_ids, enabled, kek_id, secret, created_at, updated_at)
        VALUES ('0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10', 'https://hooks.example.com/', '["*"]', '["*"]', true, 'k', 's', now(), now())`);
      await ds.query(`INSERT INTO webhook_messages (event_id, type, occurred_at, body, created_at) VALUES
        ('00000000-0000-4000-8000-000000000001', 'domain.created', now(), '{}', '2026-01-01T00:00:00Z'),
        ('00000000-0000-4000-8000-000000000002', 'domain.created', now(), '{}', '2026-01-01T00:00:00Z')`);
      await ds.query(`INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, next_attempt_at, attempts, created_at) VALUES
        ('5c0ffee0-0000-4abc-8def-000000000001', '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10', '00000000-0000-4000-8000-000000000001', 'domain.created', 'pending', 1, now(), '[{"at":"2026-01-01T00:05:00.000Z"}]', '2026-01-01T00:00:00Z'),
        ('5c0ffee0-0000-4abc-8def-000000000002', '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10', '00000000-0000-4000-8000-000000000002', 'domain.created', 'pending', 0, now(), '[]', '2026-01-01T00:00:00Z')`);
      await ds.runMigrations();
      expect(await ds.query(`SELECT tries, first_attempt_at FROM webhook_deliveries ORDER BY id`)).toEqual([
        { tries: 1, first_attempt_at: new Date('2026-01-01T00:05:00Z') },
        { tries: 0, first_attempt_at: null },
      ]);
      const indexes = (await ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'webhook_deliveries' AND indexname IN ('webhook_deliveries_due', 'webhook_deliveries_next') ORDER BY indexname`)) as { indexdef: string }[];
      expect(indexes.map((i) => i.indexdef.replace(/^.* USING btree /, ''))).toEqual([
        '(endpoint_id, next_attempt_at, id) WHERE (next_attempt_at IS NOT NULL)',
        '(next_attempt_at) WHERE (next_attempt_at IS NOT NULL)',
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
