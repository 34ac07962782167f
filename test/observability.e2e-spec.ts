/**
 * Operations: request ids, structured logs without secrets, Prometheus metrics and the probes,
 * on the whole application (real PostgreSQL, real DNS on loopback).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loggerOptions } from '../apps/api/src/observability/logging.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, expectedRecords, publish, registerDomain, SEED_ACCOUNT } from './support/domains.js';
import { waitFor } from './support/wait-for.js';

const NATIVE = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('observability', () => {
  let t: TestApp;
  let dns: TestDnsServer;
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          raw.push(line);
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, rootLogger: pino(loggerOptions({ logLevel: 'info' }), sink) });
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('answers with the X-Request-Id it was sent, or a new one; a malformed one is replaced', async () => {
    const sent = await t.http.get(NATIVE).set(auth(ADMIN_KEY)).set('X-Request-Id', 'trace-42.a:b').expect(200);
    expect(sent.headers['x-request-id']).toBe('trace-42.a:b');
    const fresh = await t.http.get(NATIVE).set(auth(ADMIN_KEY)).expect(200);
    expect(fresh.headers['x-request-id']).toMatch(UUID);
    const bad = await t.http.get(NATIVE).set(auth(ADMIN_KEY)).set('X-Request-Id', `x y ${'z'.repeat(200)}`).expect(200);
    expect(bad.headers['x-request-id']).toMatch(UUID);
  });

  it('puts the request id on every line logged while the request runs, and no secret on any line', async () => {
    const domain = 'logged.example.com';
    publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    const { id } = await registerDomain(t, ADMIN_KEY, { domain, emailAddress: 'owner@logged.example.com' });
    await t.http.post(`${NATIVE}/${id}/verify`).set(auth(ADMIN_KEY)).set('X-Request-Id', 'verify-req-1').expect(200);
    // the status change is told by a notification, logged (no SMTP) after the verification commits
    const notification = await waitFor('the notification line', () => lines.find((l) => typeof l.msg === 'string' && l.msg.includes('"event":"notification"') && l.msg.includes(domain)));
    expect(notification.reqId).toBe('verify-req-1');
    // a request with a body too: its handler runs after the body was read, still as that request
    const second = 'logged-body.example.com';
    publish(dns, ...expectedRecords(SEED_ACCOUNT, second));
    const { id: secondId } = await registerDomain(t, ADMIN_KEY, { domain: second, emailAddress: 'owner@logged-body.example.com' });
    await t.http.post(`${NATIVE}/${secondId}/verify`).set(auth(ADMIN_KEY)).set('X-Request-Id', 'verify-req-2').send({}).expect(200);
    const withBody = await waitFor('the second notification line', () => lines.find((l) => typeof l.msg === 'string' && l.msg.includes('"event":"notification"') && l.msg.includes(second)));
    expect(withBody.reqId).toBe('verify-req-2');
    const access = lines.find((l) => l.reqId === 'verify-req-1' && (l.res as { statusCode?: number } | undefined)?.statusCode === 200);
    expect(access).toMatchObject({ level: 'info', req: { method: 'POST', url: `${NATIVE}/${id}/verify` }, responseTime: expect.any(Number) });
    const key = await t.createKey([SEED_ACCOUNT]);
    await t.http.get(NATIVE).set(auth(key)).expect(200);
    await t.http.get(NATIVE).set('Authorization', 'Bearer sds_wrong-key-that-must-not-be-logged').expect(401);
    expect(raw.length).toBeGreaterThan(5);
    for (const line of raw) expect(line).not.toMatch(new RegExp(`${ADMIN_KEY}|${key}|sds_wrong-key|[Aa]uthorization`));
  });

  it('serves Prometheus metrics: HTTP by route, verifications, DNS, domains by status, scheduler lag', async () => {
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).toMatch(/sds_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/accounts\/:accountId\/domains",status="200"\} [1-9]/);
    expect(text).toMatch(/sds_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/accounts\/:accountId\/domains",status="401"\} [1-9]/);
    expect(text).toMatch(/sds_verifications_total\{result="valid"\} 2/);
    expect(text).toMatch(/sds_dns_query_duration_seconds_count\{result="alias"\} [1-9]|sds_dns_query_duration_seconds_count\{result="answers"\} [1-9]/);
    expect(text).toMatch(/sds_domains\{status="active"\} 2/);
    expect(text).toMatch(/sds_scheduler_lag_seconds \d/);
    expect(text).toMatch(/process_resident_memory_bytes \d/);
    expect(text).not.toContain(SEED_ACCOUNT); // raw URLs (ids) never become labels
  });

  it('answers the probes: live, ready (database and migrations), and /health as before', async () => {
    expect((await t.http.get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
    expect((await t.http.get('/health/ready').expect(200)).body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } });
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });

    // a migration not applied (as when a newer instance's schema is not there yet): not ready
    const [last] = await t.sql<{ id: number; timestamp: string; name: string }>(`SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1`);
    await t.sql(`DELETE FROM migrations WHERE id = $1`, [last!.id]);
    try {
      const notReady = await t.http.get('/health/ready').expect(503);
      expect(notReady.body).toMatchObject({ status: 503, code: 'UNAVAILABLE', detail: 'Not ready: migrations down', checks: { database: { status: 'up' }, migrations: { status: 'down' } } });
      expect(notReady.headers['retry-after']).toBe('5');
      await t.http.get('/health/live').expect(200);
    } finally {
      await t.sql(`INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [last!.id, last!.timestamp, last!.name]);
    }
    await t.http.get('/health/ready').expect(200);
  });
});
