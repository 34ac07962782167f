/**
 * Webhooks across processes, with the real service (dist/) on a shared PostgreSQL database: a
 * delivery cut off by SIGKILL mid-request is sent again after the restart, with the same
 * webhook-id (at least once), once its claim lapses (about WEBHOOK_TIMEOUT_MS); two instances share
 * the deliveries without sending one twice.
 */
import { createTestDatabase } from './support/app.js';
import { buildService, killService, query, type Service, startService } from './support/service.js';
import { waitFor } from './support/wait-for.js';
import { verifyHook, WebhookReceiver } from './support/webhook-receiver.js';

const KEY = 'webhook-process-admin-key-0123456789';
const headers = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
const ACCOUNT = '7a1b2c3d-0000-4000-8000-0000000000dd';
const SETTINGS = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_RETRY_SCHEDULE: '0,1,2,3,4,5', VERIFICATION_SCHEDULER: 'off', VERIFICATION_TICK_SECONDS: '2' };

beforeAll(() => buildService(), 120_000);

async function post<T>(service: Service, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${service.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('webhooks when the process is killed, and with two instances', () => {
  let receiver: WebhookReceiver;
  const services: Service[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await killService(s);
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('a delivery cut off by SIGKILL mid-request is delivered after the restart, with the same webhook-id', async () => {
    const databaseUrl = await createTestDatabase();
    const first = await startService({ DATABASE_URL: databaseUrl, ...SETTINGS }, { apiKey: KEY });
    services.push(first);
    const endpoint = await post<{ id: string; secret: string }>(first, '/api/v1/webhooks', { url: receiver.url('/killed'), events: ['domain.created'], accountIds: [ACCOUNT] });
    // the receiver holds the first request: the process dies while it is in flight
    receiver.replyAt('/killed', 'hang', 204);
    await post(first, `/api/v1/accounts/${ACCOUNT}/domains`, { domain: 'killed-mid-delivery.example.org' });
    await waitFor('the request in flight', () => receiver.at('/killed').length === 1);
    await killService(first);

    const second = await startService({ DATABASE_URL: databaseUrl, ...SETTINGS }, { apiKey: KEY });
    services.push(second);
    // a failure guard (the claim lasts the 2 s timeout and a margin), never a timing assertion
    await waitFor('the delivery sent again', () => receiver.at('/killed').length === 2, { timeoutMs: 60_000 });
    const [cut, again] = receiver.at('/killed');
    expect(again!.headers['webhook-id']).toBe(cut!.headers['webhook-id']);
    expect(again!.raw.equals(cut!.raw)).toBe(true);
    verifyHook(again!, endpoint.secret);
    await waitFor('delivered in the log', async () => (await query<{ status: string }>(databaseUrl, `SELECT status FROM webhook_deliveries`))[0]?.status === 'delivered');
    const [row] = await query<{ tries: number; attempts: { statusCode: number | null }[] }>(databaseUrl, `SELECT tries, attempts FROM webhook_deliveries`);
    // the cut attempt left no outcome; the one after the restart did
    expect(row!.tries).toBe(2);
    expect(row!.attempts.map((a) => a.statusCode)).toEqual([204]);
  }, 180_000);

  it('two instances on one database share the deliveries and send none twice', async () => {
    const databaseUrl = await createTestDatabase();
    const a = await startService({ DATABASE_URL: databaseUrl, ...SETTINGS }, { apiKey: KEY });
    services.push(a);
    const b = await startService({ DATABASE_URL: databaseUrl, ...SETTINGS }, { apiKey: KEY });
    services.push(b);
    const paths = ['/two-1', '/two-2', '/two-3'];
    for (const path of paths) await post(a, '/api/v1/webhooks', { url: receiver.url(path), events: ['domain.created'], accountIds: [ACCOUNT] });
    const COUNT = 30;
    // events written through both instances, so both relays fan out and both workers claim
    await Promise.all(Array.from({ length: COUNT }, (_, i) => post(i % 2 ? a : b, `/api/v1/accounts/${ACCOUNT}/domains`, { domain: `two-instances-${i}.example.org` })));
    await waitFor('every event at every endpoint', () => paths.every((p) => receiver.at(p).length >= COUNT), { timeoutMs: 60_000 });
    // a while longer, so that a second copy would have come
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const path of paths) {
      const ids = receiver.at(path).map((h) => h.headers['webhook-id']);
      expect(ids).toHaveLength(COUNT);
      expect(new Set(ids).size).toBe(COUNT);
    }
    expect(await query(databaseUrl, `SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status`)).toEqual([{ status: 'delivered', n: COUNT * paths.length }]);
    expect(await query(databaseUrl, `SELECT count(*)::int AS n FROM webhook_deliveries WHERE tries <> 1 OR jsonb_array_length(attempts) <> 1`)).toEqual([{ n: 0 }]);
  }, 180_000);
});
