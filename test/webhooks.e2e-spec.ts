/**
 * Webhooks end to end, on real PostgreSQL, real DNS on loopback and real HTTP receivers on
 * loopback: every event type arrives signed as Standard Webhooks specify, verified by the
 * `standardwebhooks` library (an implementation we did not write); retries keep one webhook-id; a
 * rotation signs twice during its overlap, then once; 410 and a failure streak disable; redirects
 * are not followed; the log and replay; a slow receiver holds only its own endpoint; endpoints,
 * deliveries and events stay in their accounts. Every answer is checked against the OpenAPI
 * document (t.http).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, expectedRecords, publish } from './support/domains.js';
import { serveProviderZone } from './support/signing.js';
import { waitFor } from './support/wait-for.js';
import { type ReceivedHook, verifyHook, WebhookReceiver } from './support/webhook-receiver.js';
import { ENDPOINT_CONCURRENCY } from '#webhooks';
import { WEBHOOK_EXAMPLES } from '../apps/api/src/v1/webhooks.examples.js';
import { WebhookTransport } from '../libs/webhooks/src/domain/webhook-transport.port.js';
import { HttpWebhookTransport } from '../libs/webhooks/src/infrastructure/http-webhook-transport.adapter.js';
import { ThreadedWebhookTransport } from '../libs/webhooks/src/infrastructure/threaded-webhook-transport.adapter.js';

const admin = auth(ADMIN_KEY);
const HOOKS = '/api/v1/webhooks';
const ACCOUNT_A = '7a1b2c3d-0000-4000-8000-00000000000a';
const ACCOUNT_B = '7a1b2c3d-0000-4000-8000-00000000000b';
const domains = (account: string) => `/api/v1/accounts/${account}/domains`;
/** Hours as the WEBHOOK_*_HOURS settings take them, from seconds. */
const hours = (seconds: number) => String(seconds / 3600);

interface Endpoint {
  id: string;
  secret: string;
  path: string;
}

describe('webhooks', () => {
  let dns: TestDnsServer;
  let receiver: WebhookReceiver;
  let t: TestApp;
  let paths = 0;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    receiver = await WebhookReceiver.start();
    t = await startTestApp({
      env: {
        DNS_SERVERS: dns.address,
        DNS_TIMEOUT_MS: '1000',
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', // the receivers are on loopback
        WEBHOOK_TIMEOUT_MS: '1500',
        WEBHOOK_RETRY_SCHEDULE: '0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15',
        WEBHOOK_SECRET_OVERLAP_HOURS: hours(3),
        WEBHOOK_DISABLE_AFTER_HOURS: hours(6),
        VERIFICATION_WINDOW_HOURS: hours(0.5), // a pending domain fails at its first check after half a second
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    await dns?.stop();
  });

  /** A new endpoint on its own path of the receiver. */
  async function endpoint(body: { events?: string[]; accountIds?: string[]; path?: string } = {}, key = ADMIN_KEY): Promise<Endpoint> {
    const path = body.path ?? `/hooks/${++paths}`;
    const res = await t.http.post(HOOKS).set(auth(key)).send({ url: receiver.url(path), events: body.events ?? ['*'], accountIds: body.accountIds ?? [ACCOUNT_A] }).expect(201);
    return { id: res.body.id, secret: res.body.secret, path };
  }

  const deliveries = async (e: Endpoint, query = '') => (await t.http.get(`${HOOKS}/${e.id}/deliveries${query}`).set(admin).expect(200)).body.items as Record<string, unknown>[];

  it('every event type arrives, signed, verified by the standardwebhooks library; data is the domain as the native API shows it', async () => {
    const e = await endpoint();
    const name = 'every-event.example.org';
    const registered = await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: name }).expect(201);
    const id = registered.body.id as number;
    const at = (type: string) => receiver.ofType(type, e.path).filter((h) => (h.body.data as { id?: number }).id === id);
    await waitFor('domain.created', () => at('domain.created').length === 1);
    // the data is the registration's answer, field for field
    expect(at('domain.created')[0]!.body.data).toEqual(registered.body);

    // pending → failed (nothing published after the window): a status change and domain.failed
    await new Promise((resolve) => setTimeout(resolve, 600));
    const failed = await t.http.post(`${domains(ACCOUNT_A)}/${id}/verify`).set(admin).expect(200);
    expect(failed.body.status).toBe('failed');
    await waitFor('domain.failed', () => at('domain.failed').length === 1);
    // failed → active: a status change and domain.verified
    publish(dns, ...expectedRecords(ACCOUNT_A, name));
    const verified = await t.http.post(`${domains(ACCOUNT_A)}/${id}/verify`).set(admin).expect(200);
    expect(verified.body.status).toBe('active');
    await waitFor('domain.verified', () => at('domain.verified').length === 1);
    const { previousStatus, reason, ...shown } = at('domain.verified')[0]!.body.data;
    expect({ previousStatus, reason }).toEqual({ previousStatus: 'failed', reason: 'every required record is published and valid' });
    expect(shown).toEqual(verified.body); // the state the event describes, as the verify route answered it

    // a field changed; then a new tracking prefix: an update and a change of the records to publish
    await t.http.patch(`${domains(ACCOUNT_A)}/${id}`).set(admin).send({ description: 'Shop mail' }).expect(200);
    const tracked = await t.http.patch(`${domains(ACCOUNT_A)}/${id}`).set(admin).send({ trackingPrefix: 'links' }).expect(200);
    await waitFor('domain.records_changed', () => at('domain.records_changed').length === 1);
    const records = at('domain.records_changed')[0]!.body.data as { reason: string; dnsRecords: { purpose: string; host: string }[] };
    expect(records.reason).toBe('trackingPrefix');
    expect(records.dnsRecords.find((r) => r.purpose === 'tracking')?.host).toBe(`links.${name}`);
    expect(records.dnsRecords).toEqual(tracked.body.dnsRecords);
    expect(at('domain.updated').map((h) => h.body.data.changes)).toEqual([['description'], ['trackingPrefix']]);

    // suspended, resumed: status changes; deleted
    await t.http.patch(`${domains(ACCOUNT_A)}/${id}`).set(admin).send({ status: 'suspended', reason: 'paused by the platform' }).expect(200);
    await t.http.delete(`${domains(ACCOUNT_A)}/${id}`).set(admin).expect(200);
    await waitFor('domain.deleted', () => at('domain.deleted').length === 1);
    expect(at('domain.deleted')[0]!.body.data).toMatchObject({ id, status: 'deleted' });
    await waitFor('every status change', () => at('domain.status_changed').length === 3);
    expect(at('domain.status_changed').map((h) => `${String(h.body.data.previousStatus)}→${String(h.body.data.status)}`).sort()).toEqual(['active→suspended', 'failed→active', 'pending→failed'].sort());
    expect(at('domain.status_changed').find((h) => h.body.data.status === 'suspended')!.body.data.reason).toBe('paused by the platform');

    // dkim.rotated: the account's keys rotated (its standby served by the provider zone)
    await serveProviderZone(t, dns, ACCOUNT_A);
    await t.http.post(`/api/v1/accounts/${ACCOUNT_A}/dkim/rotate`).set(admin).send({}).expect(202);
    await waitFor('dkim.rotated', () => receiver.ofType('dkim.rotated', e.path).length === 1);
    expect(receiver.ofType('dkim.rotated', e.path)[0]!.body.data).toEqual({ accountId: ACCOUNT_A, selector: 'cm2', previousSelector: 'cm1', revoked: false, rotatedAt: expect.any(String) });

    // and a test event on request
    const test = await t.http.post(`${HOOKS}/${e.id}/test`).set(admin).expect(200);
    expect(test.body).toMatchObject({ eventType: 'webhook.test', status: 'delivered', attempts: [{ trigger: 'scheduled', statusCode: 204, error: null }] });

    const mine = receiver.at(e.path);
    expect(new Set(mine.map((h) => h.body.type))).toEqual(
      new Set(['domain.created', 'domain.updated', 'domain.status_changed', 'domain.verified', 'domain.failed', 'domain.deleted', 'domain.records_changed', 'dkim.rotated', 'webhook.test']),
    );
    for (const hook of mine) {
      // the library verifies each: signature over id.timestamp.body, the timestamp within its tolerance
      expect(verifyHook(hook, e.secret)).toEqual(JSON.parse(hook.raw.toString('utf8')));
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(hook.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(Object.keys(hook.body)).toEqual(['type', 'timestamp', 'data']);
      expect(new Date(hook.body.timestamp).toISOString()).toBe(hook.body.timestamp);
    }
    // each event once: one webhook-id per event
    expect(new Set(mine.map((h) => h.headers['webhook-id'])).size).toBe(mine.length);
    // all of them sent from the sending thread (WEBHOOK_SEND_THREADS unset: one)
    const transport = t.app.get(WebhookTransport, { strict: false });
    expect(transport).toBeInstanceOf(ThreadedWebhookTransport);
    expect((transport as ThreadedWebhookTransport).running).toBe(1);
  });

  it('a body with what JSON escapes (quotes, backslashes, U+2028) and characters outside the BMP arrives byte for byte as signed', async () => {
    // control characters are refused at the API; the fan-out's separator (U+0001) only ever appears escaped, as here
    const e = await endpoint({ events: ['domain.created'] });
    const metadata = { note: '"quoted" back\\slash \\u0001 \u2028 ✉ 𝄞 end', other: '\\' };
    const registered = await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'escapes.example.org', metadata }).expect(201);
    const id = registered.body.id as number;
    const at = () => receiver.ofType('domain.created', e.path).filter((h) => (h.body.data as { id?: number }).id === id);
    await waitFor('domain.created', () => at().length === 1);
    const [hook] = at();
    expect(hook!.body.data).toEqual(registered.body);
    expect((hook!.body.data as { metadata: unknown }).metadata).toEqual(metadata);
    expect(verifyHook(hook!, e.secret)).toEqual(JSON.parse(hook!.raw.toString('utf8')));
  });

  it('a receiver that answers 500 three times, then 200, gets the message with one webhook-id; the log shows each attempt', async () => {
    const e = await endpoint({ events: ['domain.created'] });
    receiver.replyAt(e.path, 500, 500, 500, 200);
    await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'retried.example.org' }).expect(201);
    await waitFor('the fourth try', () => receiver.at(e.path).length === 4, { timeoutMs: 30_000 });
    const tries = receiver.at(e.path);
    expect(new Set(tries.map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(new Set(tries.map((h) => h.raw.toString('hex'))).size).toBe(1); // the same bytes each time
    for (const hook of tries) verifyHook(hook, e.secret);
    const [delivery] = await waitFor('delivered in the log', async () => {
      const log = await deliveries(e);
      return log[0]?.status === 'delivered' && log;
    });
    expect(delivery).toMatchObject({
      eventType: 'domain.created',
      webhookId: tries[0]!.headers['webhook-id'],
      nextAttemptAt: null,
      failure: null,
      attempts: [
        { trigger: 'scheduled', statusCode: 500, error: 'answered 500 Internal Server Error' },
        { trigger: 'scheduled', statusCode: 500 },
        { trigger: 'scheduled', statusCode: 500 },
        { trigger: 'scheduled', statusCode: 200, error: null },
      ],
    });
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^sds_webhook_deliveries_total\{outcome="retry"\} [1-9]/m);
    expect(metrics).toMatch(/^sds_webhook_deliveries_total\{outcome="delivered"\} [1-9]/m);
    expect(metrics).toMatch(/^sds_webhook_delivery_duration_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^sds_webhook_deliveries_pending \d+$/m);
    expect(metrics).toMatch(/^sds_webhook_oldest_pending_age_seconds \d/m);
  });

  it('secret rotation: both signatures verify during the overlap, only the new one after it', async () => {
    const e = await endpoint({ events: ['domain.created'] });
    const rotated = await t.http.post(`${HOOKS}/${e.id}/secret/rotate`).set(admin).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated.body.secret).not.toBe(e.secret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    const during = await t.http.post(`${HOOKS}/${e.id}/test`).set(admin).expect(200);
    expect(during.body.status).toBe('delivered');
    const first = receiver.at(e.path).at(-1)!;
    expect(first.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => verifyHook(first, e.secret)).not.toThrow();
    expect(() => verifyHook(first, rotated.body.secret)).not.toThrow();
    // after the overlap
    const ends = new Date(rotated.body.previousSecretExpiresAt).getTime();
    await waitFor('the overlap to end', () => Date.now() > ends + 50, { timeoutMs: 10_000 });
    await t.http.post(`${HOOKS}/${e.id}/test`).set(admin).expect(200);
    const after = receiver.at(e.path).at(-1)!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(() => verifyHook(after, rotated.body.secret)).not.toThrow();
    expect(() => verifyHook(after, e.secret)).toThrow();
    expect((await t.http.get(`${HOOKS}/${e.id}`).set(admin).expect(200)).body.previousSecretExpiresAt).toBeNull();
  });

  it('410 Gone disables the endpoint at once, says why, and it receives nothing more; enabled again, it does', async () => {
    const e = await endpoint({ events: ['domain.created'] });
    receiver.replyAt(e.path, 410, 204);
    await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'gone-1.example.org' }).expect(201);
    const shown = await waitFor('disabled', async () => {
      const body = (await t.http.get(`${HOOKS}/${e.id}`).set(admin).expect(200)).body;
      return body.enabled === false && body;
    });
    expect(shown.disabledReason).toMatch(/^answered 410 Gone at \d{4}-/);
    expect(receiver.at(e.path)).toHaveLength(1);
    const [failed] = await deliveries(e);
    expect(failed).toMatchObject({ status: 'failed', failure: 'the endpoint answered 410 Gone: it was disabled', attempts: [{ statusCode: 410 }] });
    await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'gone-2.example.org' }).expect(201);
    await t.http.post(`${HOOKS}/${e.id}/test`).set(admin).expect(409);
    await t.http.post(`${HOOKS}/${e.id}/deliveries/${String(failed!.id)}/retry`).set(admin).expect(409);
    // a second event went nowhere: no delivery was even made for it
    const other = await endpoint({ events: ['domain.created'] });
    await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'gone-3.example.org' }).expect(201);
    await waitFor('the other endpoint got it', () => receiver.at(other.path).length === 1);
    expect(await deliveries(e)).toHaveLength(1);
    expect(receiver.at(e.path)).toHaveLength(1);
    // enabled again: its failures forgotten, and the failed delivery sent again on request
    const enabled = await t.http.patch(`${HOOKS}/${e.id}`).set(admin).send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
    const replayed = await t.http.post(`${HOOKS}/${e.id}/deliveries/${String(failed!.id)}/retry`).set(admin).expect(200);
    expect(replayed.body).toMatchObject({ status: 'delivered', failure: null, attempts: [{ statusCode: 410 }, { trigger: 'manual', statusCode: 204 }] });
    expect(receiver.at(e.path).map((h) => h.headers['webhook-id'])).toEqual([replayed.body.webhookId, replayed.body.webhookId]);
  });

  it('an endpoint whose every delivery fails for WEBHOOK_DISABLE_AFTER_HOURS is disabled and says why; its pending deliveries fail with it', async () => {
    const e = await endpoint({ events: ['domain.created'] });
    receiver.replyAt(e.path, 503);
    await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'failing-1.example.org' }).expect(201);
    const shown = await waitFor(
      'disabled',
      async () => {
        const body = (await t.http.get(`${HOOKS}/${e.id}`).set(admin).expect(200)).body;
        return body.enabled === false && body;
      },
      { timeoutMs: 30_000 },
    );
    expect(shown.disabledReason).toMatch(/^every delivery failed for 0\.00166\d* hours \(WEBHOOK_DISABLE_AFTER_HOURS\), since \S+; the last error: answered 503 Service Unavailable$/);
    expect(receiver.at(e.path).length).toBeGreaterThanOrEqual(2);
    const [delivery] = await deliveries(e);
    expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null, failure: expect.stringMatching(/^the endpoint was disabled: every delivery failed/) });
  });

  it('redirects are not followed: the attempt fails and names it; the target is never asked', async () => {
    const e = await endpoint({ events: ['domain.created'] });
    receiver.replyAt(e.path, { status: 302, headers: { location: receiver.url('/elsewhere') } }, 204);
    const tested = await t.http.post(`${HOOKS}/${e.id}/test`).set(admin).expect(200);
    expect(tested.body).toMatchObject({
      status: 'pending',
      attempts: [{ statusCode: 302, error: `answered 302 Found: redirects are not followed (to ${receiver.url('/elsewhere')}); change the endpoint's URL instead` }],
    });
    expect(receiver.at('/elsewhere')).toHaveLength(0);
    // the schedule goes on, and once the receiver answers 2xx it is delivered
    await waitFor('delivered on its schedule', async () => (await deliveries(e))[0]?.status === 'delivered', { timeoutMs: 20_000 });
  });

  it('the log: filtered by status and event type; a retry asked for sends the same webhook-id and says manual', async () => {
    const e = await endpoint({ events: ['domain.created', 'domain.deleted'] });
    const made = await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'logged.example.org' }).expect(201);
    await t.http.delete(`${domains(ACCOUNT_A)}/${made.body.id}`).set(admin).expect(200);
    await waitFor('both delivered', async () => (await deliveries(e, '?status=delivered')).length === 2);
    expect((await deliveries(e, '?eventType=domain.deleted')).map((d) => d.eventType)).toEqual(['domain.deleted']);
    expect(await deliveries(e, '?status=failed')).toEqual([]);
    const page = (await t.http.get(`${HOOKS}/${e.id}/deliveries?limit=1&offset=1`).set(admin).expect(200)).body;
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ eventType: 'domain.created' }] });
    const created = page.items[0];
    const retried = await t.http.post(`${HOOKS}/${e.id}/deliveries/${created.id}/retry`).set(admin).expect(200);
    expect(retried.body.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(['scheduled', 'manual']);
    expect(receiver.ofType('domain.created', e.path).map((h) => h.headers['webhook-id'])).toEqual([created.webhookId, created.webhookId]);
    await t.http.get(`${HOOKS}/${e.id}/deliveries?status=lost`).set(admin).expect(400);
    await t.http.post(`${HOOKS}/${e.id}/deliveries/0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10/retry`).set(admin).expect(404);
  });

  it('an answer with NUL bytes and binary (gzip-like) is kept as clean text: a 500 is recorded and retried, a 200 is delivered', async () => {
    // what PostgreSQL's jsonb refuses (NUL), bytes that are not UTF-8 (a gzip header, a CESU-8
    // surrogate, a broken pair), other control characters; tab, CR and LF are kept
    const binary = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]),
      Buffer.from('error\u0000detail\u0000', 'utf8'),
      Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0xc3, 0x28, 0x00, 0x01, 0x1b]),
      Buffer.from('\tend\r\n', 'utf8'),
    ]);
    const kept = '\uFFFDerrordetail\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD(\tend\r\n';
    let status = 500;
    const raw = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status, { 'content-type': 'application/octet-stream' }).end(binary));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/binary`;
    const made = (await t.http.post(HOOKS).set(admin).send({ url, events: ['domain.created'], accountIds: [ACCOUNT_A] }).expect(201)).body as { id: string };
    const log = async () => (await t.http.get(`${HOOKS}/${made.id}/deliveries`).set(admin).expect(200)).body.items as { status: string; nextAttemptAt: string | null; attempts: Record<string, unknown>[] }[];
    try {
      // a scheduled attempt, recorded in the worker's batch: the attempt is in the log and retried
      await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'binary-answer.example.org' }).expect(201);
      const [failing] = await waitFor('two attempts in the log', async () => {
        const items = await log();
        return (items[0]?.attempts.length ?? 0) >= 2 && items;
      });
      expect(failing!.attempts[0]).toMatchObject({ trigger: 'scheduled', statusCode: 500, error: 'answered 500 Internal Server Error', response: kept });
      // a 2xx with such a body is delivered
      status = 200;
      const tested = await t.http.post(`${HOOKS}/${made.id}/test`).set(admin).expect(200);
      expect(tested.body).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 200, error: null, response: kept }] });
    } finally {
      await t.http.patch(`${HOOKS}/${made.id}`).set(admin).send({ enabled: false }).expect(200);
      raw.closeAllConnections();
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('a receiver that echoes the secret across the 1 kB cut: no 8 characters of it reach the log', async () => {
    const e = await endpoint({ events: ['domain.created'] });
    const first = e.secret.slice('whsec_'.length);
    const rotated = (await t.http.post(`${HOOKS}/${e.id}/secret/rotate`).set(admin).expect(200)).body.secret as string;
    const current = rotated.slice('whsec_'.length);
    const pieces = [first, current].flatMap((key) => Array.from({ length: key.length - 7 }, (_, i) => key.slice(i, i + 8)));
    // the current and the previous secret, with and without whsec_, starting before, at and after the cut
    const echoes = [990, 1000, 1010, 1016, 1017, 1020].flatMap((n) => [`${'x'.repeat(n)}${rotated}`, `${'x'.repeat(n)}${first}`, `${'x'.repeat(n)}whsec_${first}`, `${'x'.repeat(n)}${current}`]);
    for (const body of echoes) {
      receiver.replyAt(e.path, { status: 200, body });
      const tested = await t.http.post(`${HOOKS}/${e.id}/test`).set(admin).expect(200);
      const response = tested.body.attempts[0].response as string;
      expect(Buffer.byteLength(response)).toBeLessThanOrEqual(1024);
      expect(response.startsWith('x'.repeat(990))).toBe(true);
    }
    const shown = JSON.stringify(await deliveries(e, '?limit=100'));
    expect(shown).toContain('[redacted]');
    expect(pieces.filter((piece) => shown.includes(piece))).toEqual([]);
  });

  it('a receiver that never answers holds only its own endpoint: another endpoint gets every event meanwhile', async () => {
    // the stuck receiver never answers; the quick one at once
    const stuckReceiver = await WebhookReceiver.start();
    stuckReceiver.reply('hang');
    const stuck = (await t.http.post(HOOKS).set(admin).send({ url: stuckReceiver.url('/stuck'), events: ['domain.created'], accountIds: [ACCOUNT_A] }).expect(201)).body as { id: string };
    const quick = await endpoint({ events: ['domain.created'] });
    try {
      const names = Array.from({ length: 20 }, (_, i) => `slow-${i}.example.org`);
      for (const name of names) await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: name }).expect(201);
      await waitFor('every event at the quick endpoint', () => receiver.at(quick.path).length === names.length, { timeoutMs: 30_000 });
      // and the stuck one never had more than its own share in flight
      expect(stuckReceiver.received.length).toBeGreaterThan(0);
      expect(stuckReceiver.maxHanging).toBeLessThanOrEqual(ENDPOINT_CONCURRENCY);
    } finally {
      await t.http.patch(`${HOOKS}/${stuck.id}`).set(admin).send({ enabled: false }).expect(200);
      await stuckReceiver.stop();
    }
  });

  describe('accounts', () => {
    it("a key sees, changes and sends to only endpoints within its accounts: others answer 404 as missing ones; it creates only for its own", async () => {
      const keyA = await t.createKey([ACCOUNT_A], ['Webhooks_Manage']);
      const keyAB = await t.createKey([ACCOUNT_A, ACCOUNT_B], ['Webhooks_Manage']);
      const ofB = await endpoint({ events: ['domain.created'], accountIds: [ACCOUNT_B] });
      const ofAB = await endpoint({ events: ['domain.created'], accountIds: [ACCOUNT_A, ACCOUNT_B] }, keyAB);
      const ofAll = await endpoint({ events: ['domain.created'], accountIds: ['*'] });
      const ofA = await endpoint({ events: ['domain.created'] }, keyA);
      await t.http.post(domains(ACCOUNT_B)).set(admin).send({ domain: 'seen-by-b.example.org' }).expect(201);
      await waitFor('B\'s endpoint got its event', () => receiver.at(ofB.path).length === 1);
      const b = await deliveries(ofB);
      for (const other of [ofB, ofAB, ofAll]) {
        const base = `${HOOKS}/${other.id}`;
        const notFound = { code: 'WEBHOOK_NOT_FOUND', detail: 'Webhook endpoint not found' };
        expect((await t.http.get(base).set(auth(keyA)).expect(404)).body).toMatchObject(notFound);
        expect((await t.http.patch(base).set(auth(keyA)).send({ description: 'mine now' }).expect(404)).body).toMatchObject(notFound);
        await t.http.post(`${base}/secret/rotate`).set(auth(keyA)).expect(404);
        await t.http.post(`${base}/test`).set(auth(keyA)).expect(404);
        await t.http.get(`${base}/deliveries`).set(auth(keyA)).expect(404);
        await t.http.post(`${base}/deliveries/${String(b[0]!.id)}/retry`).set(auth(keyA)).expect(404);
        await t.http.delete(base).set(auth(keyA)).expect(404);
      }
      // the same answers a missing endpoint gets
      await t.http.get(`${HOOKS}/0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10`).set(auth(keyA)).expect(404);
      // nothing changed
      expect((await t.http.get(`${HOOKS}/${ofB.id}`).set(admin).expect(200)).body.description).toBeNull();
      // a delivery of another endpoint through this endpoint's path is not found either
      await t.http.post(`${HOOKS}/${ofA.id}/deliveries/${String(b[0]!.id)}/retry`).set(auth(keyA)).expect(404);
      // lists: only what lies within the key's accounts
      const listed = (await t.http.get(`${HOOKS}?limit=1000`).set(auth(keyA)).expect(200)).body.items.map((x: { id: string }) => x.id);
      expect(listed).toContain(ofA.id);
      expect(listed).not.toContain(ofB.id);
      expect(listed).not.toContain(ofAB.id);
      expect(listed).not.toContain(ofAll.id);
      const listedAB = (await t.http.get(`${HOOKS}?limit=1000`).set(auth(keyAB)).expect(200)).body.items.map((x: { id: string }) => x.id);
      expect(listedAB).toEqual(expect.arrayContaining([ofA.id, ofB.id, ofAB.id]));
      expect(listedAB).not.toContain(ofAll.id);
      // creating for accounts it lacks
      const refused = await t.http.post(HOOKS).set(auth(keyA)).send({ url: receiver.url('/x'), events: ['*'], accountIds: [ACCOUNT_B] }).expect(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', detail: 'A key can only create endpoints for accounts it has itself' });
      await t.http.post(HOOKS).set(auth(keyA)).send({ url: receiver.url('/x'), events: ['*'], accountIds: ['*'] }).expect(403);
      // and without the permission
      const reader = await t.createKey([ACCOUNT_A], ['EmailConfiguration_Read']);
      await t.http.get(HOOKS).set(auth(reader)).expect(403);
    });

    it("an endpoint receives only its accounts' events", async () => {
      const ofA = await endpoint({ events: ['domain.created'], accountIds: [ACCOUNT_A] });
      const ofB = await endpoint({ events: ['domain.created'], accountIds: [ACCOUNT_B] });
      const ofAll = await endpoint({ events: ['domain.created'], accountIds: ['*'] });
      await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: 'only-a.example.org' }).expect(201);
      await t.http.post(domains(ACCOUNT_B)).set(admin).send({ domain: 'only-b.example.org' }).expect(201);
      await waitFor('the all-accounts endpoint got both', () => receiver.at(ofAll.path).length === 2);
      await waitFor('A and B got theirs', () => receiver.at(ofA.path).length === 1 && receiver.at(ofB.path).length === 1);
      const domainOf = (h: ReceivedHook) => h.body.data.domain;
      expect(receiver.at(ofA.path).map(domainOf)).toEqual(['only-a.example.org']);
      expect(receiver.at(ofB.path).map(domainOf)).toEqual(['only-b.example.org']);
      expect((await deliveries(ofA)).length).toBe(1);
    });
  });

  describe('endpoints', () => {
    it('created, listed, read, changed and deleted; the secret is in the creation answer only, sealed at rest', async () => {
      const created = await t.http.post(HOOKS).set(admin).send(WEBHOOK_EXAMPLES.createRequest.oneAccount.value).expect(201);
      const { secret, ...endpointShown } = created.body;
      const example = WEBHOOK_EXAMPLES.created.oneAccount.value as Record<string, unknown>;
      const generated = (o: Record<string, unknown>) => ({ ...o, id: '<id>', createdAt: '<t>', updatedAt: '<t>', secret: '<secret>' });
      expect(generated(created.body)).toEqual(generated(example));
      expect(secret).toMatch(/^whsec_/);
      const read = await t.http.get(`${HOOKS}/${created.body.id}`).set(admin).expect(200);
      expect(read.body).toEqual(endpointShown);
      expect(JSON.stringify(read.body)).not.toContain(secret);
      const [row] = await t.sql<{ secret: string; kek_id: string }>('SELECT secret, kek_id FROM webhook_endpoints WHERE id = $1', [created.body.id]);
      expect(row!.secret).not.toContain(secret.slice(6));
      const changed = await t.http.patch(`${HOOKS}/${created.body.id}`).set(admin).send(WEBHOOK_EXAMPLES.updateRequest.events.value).expect(200);
      expect(changed.body).toMatchObject({ events: ['domain.verified', 'domain.failed'], url: endpointShown.url });
      await t.http.patch(`${HOOKS}/${created.body.id}`).set(admin).send({ url: null }).expect(400);
      await t.http.patch(`${HOOKS}/${created.body.id}`).set(admin).send({ events: [] }).expect(400);
      const unknown = await t.http.patch(`${HOOKS}/${created.body.id}`).set(admin).send({ events: ['domain.activated'] }).expect(400);
      expect(unknown.body).toEqual(WEBHOOK_EXAMPLES_PROBLEM_EVENTS(`${HOOKS}/${created.body.id}`));
      await t.http.delete(`${HOOKS}/${created.body.id}`).set(admin).expect(204);
      await t.http.get(`${HOOKS}/${created.body.id}`).set(admin).expect(404);
      await t.http.get(`${HOOKS}/not-a-uuid`).set(admin).expect(400);
    });

    it('an Idempotency-Key makes a creation safe to retry: the same endpoint and secret, never a second one', async () => {
      const headers = { ...admin, 'Idempotency-Key': 'webhook-create-once' };
      const body = { url: receiver.url('/idempotent'), events: ['domain.created'], accountIds: [ACCOUNT_A] };
      const first = await t.http.post(HOOKS).set(headers).send(body).expect(201);
      const again = await t.http.post(HOOKS).set(headers).send(body).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await t.sql(`SELECT id FROM webhook_endpoints WHERE url = $1`, [body.url])).toHaveLength(1);
    });
  });
});

describe('webhooks: where the POSTs are sent from', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  /** An app with these settings delivers one domain.created to `path`, signed: the transport it used. */
  async function deliverOne(path: string, env: Record<string, string>): Promise<{ transport: WebhookTransport; close: () => Promise<void> }> {
    const t = await startTestApp({ env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', ...env } });
    try {
      const created = await t.http.post(HOOKS).set(admin).send({ url: receiver.url(path), events: ['domain.created'], accountIds: [ACCOUNT_A] }).expect(201);
      await t.http.post(domains(ACCOUNT_A)).set(admin).send({ domain: `${path.slice(1)}.example.org` }).expect(201);
      await waitFor('domain.created', () => receiver.ofType('domain.created', path).length === 1);
      const [hook] = receiver.ofType('domain.created', path);
      expect(verifyHook(hook!, created.body.secret as string)).toEqual(JSON.parse(hook!.raw.toString('utf8')));
      return { transport: t.app.get(WebhookTransport, { strict: false }), close: () => t.close() };
    } catch (error) {
      await t.close();
      throw error;
    }
  }

  it('WEBHOOK_SEND_THREADS=2: from two sending threads, which the shutdown ends', async () => {
    const { transport, close } = await deliverOne('/two-threads', { WEBHOOK_SEND_THREADS: '2' });
    expect(transport).toBeInstanceOf(ThreadedWebhookTransport);
    expect((transport as ThreadedWebhookTransport).running).toBeGreaterThanOrEqual(1);
    await close();
    expect((transport as ThreadedWebhookTransport).running).toBe(0);
  });

  it('WEBHOOK_SEND_THREADS=0: from the main thread', async () => {
    const { transport, close } = await deliverOne('/main-thread', { WEBHOOK_SEND_THREADS: '0' });
    await close();
    expect(transport).toBeInstanceOf(HttpWebhookTransport);
  });
});

/** The 400 an unknown event type gets (as the create route's example shows it, on this URL). */
function WEBHOOK_EXAMPLES_PROBLEM_EVENTS(instance: string) {
  const message = 'events: unknown event type "domain.activated"; known: domain.created, domain.updated, domain.status_changed, domain.verified, domain.failed, domain.deleted, domain.records_changed, dkim.rotated';
  return { type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED', detail: message, instance, field: 'events', errors: [{ field: 'events', message }] };
}

