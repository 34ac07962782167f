/**
 * What survives a crash, with the real service (dist/) killed with SIGKILL on a shared PostgreSQL
 * database: an Idempotency-Key whose request was in flight is free again once its claim's lease is
 * over (not after a day), and a status change whose e-mail could not be sent (SMTP down) is e-mailed
 * exactly once when SMTP is back, by the restarted instance or by another one still running.
 */
import { freePort } from './support/free-port.js';
import { createTestDatabase } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { expectedRecords, publish, SEED_ACCOUNT } from './support/domains.js';
import { buildService, killService, query, type Service, startService } from './support/service.js';
import { SesStub } from './support/ses-stub.js';
import { TestSmtpServer } from './support/smtp-server.js';
import { waitFor } from './support/wait-for.js';

const KEY = 'crash-test-admin-key-0123456789abc';
const headers = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
const API = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;

beforeAll(() => buildService(), 120_000);

describe('an Idempotency-Key request in flight when the process is killed', () => {
  let ses: SesStub;
  let databaseUrl: string;
  const services: Service[] = [];

  beforeAll(async () => {
    ses = await SesStub.start();
    databaseUrl = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of services) await killService(s);
    ses.release();
    await ses?.stop();
  });

  it('after the restart, the same request with the same key registers once, within the claim\'s lease', async () => {
    const settings = {
      DATABASE_URL: databaseUrl,
      AWS_REGION: 'eu-west-1',
      SES_ENDPOINT: ses.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      IDEMPOTENCY_LEASE_SECONDS: '3',
      VERIFICATION_SCHEDULER: 'off',
    };
    const first = await startService(settings, { apiKey: KEY });
    services.push(first);
    const request = { method: 'POST', headers: { ...headers, 'Idempotency-Key': 'crash-1' }, body: JSON.stringify({ domain: 'crash-key.example.net', provider: 'ses' }) };
    // SES holds the registration's provisioning call: the request is in flight, its key claimed
    ses.hold();
    const inFlight = fetch(`${first.base}${API}`, request).catch((error: unknown) => error);
    await waitFor('the registration to reach SES', () => ses.calls('POST', '/v2/email/identities').length === 1);
    await killService(first);
    expect(await inFlight).toMatchObject({ message: 'fetch failed' }); // the connection died with the process
    ses.release();

    const second = await startService(settings, { apiKey: KEY });
    services.push(second);
    const statuses: number[] = [];
    const answer = await waitFor(
      () => `the retry to run (answers so far: ${statuses.join(', ')})`,
      async () => {
        const res = await fetch(`${second.base}${API}`, request);
        statuses.push(res.status);
        if (res.status === 409) expect(((await res.json()) as { code: string }).code).toBe('IDEMPOTENCY_IN_PROGRESS');
        return res.status === 201 && { body: (await res.json()) as { id: number }, replayed: res.headers.get('idempotent-replayed') };
      },
      { timeoutMs: 20_000, intervalMs: 250 }, // a failure guard: the lease is 3 s; the old 24 h hold never lets it run

    );
    expect(answer.replayed).toBeNull(); // it ran: the first run never committed
    expect(statuses.every((s) => s === 409 || s === 201)).toBe(true);
    // once: the same answer again, and one domain
    const again = await fetch(`${second.base}${API}`, request);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: number }).id).toBe(answer.body.id);
    expect(await query(databaseUrl, `SELECT count(*)::int AS n FROM sending_domains WHERE name = 'crash-key.example.net'`)).toEqual([{ n: 1 }]);
  }, 180_000);
});

describe('a status e-mail when SMTP is down and the process is killed', () => {
  let dns: TestDnsServer;
  let smtp: TestSmtpServer | undefined;
  const services: Service[] = [];

  beforeAll(async () => {
    dns = await TestDnsServer.start();
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await killService(s);
    await smtp?.stop();
    smtp = undefined;
  });
  afterAll(async () => {
    await dns?.stop();
  });

  /** Makes a domain active through `service` while SMTP is down, then kills `service` a second later. */
  async function activateThenKill(service: Service, domain: string): Promise<void> {
    publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    const res = await fetch(`${service.base}${API}`, { method: 'POST', headers, body: JSON.stringify({ domain, emailAddress: `owner@${domain}` }) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const verified = await fetch(`${service.base}${API}/${id}/verify`, { method: 'POST', headers });
    expect(((await verified.json()) as { status: string }).status).toBe('active');
    // the e-mail is tried at once and refused (nothing listens); a second later the process dies
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await killService(service);
  }

  async function exactlyOneMail(databaseUrl: string, owner: string): Promise<void> {
    await waitFor('the e-mail', () => smtp!.to(owner).length >= 1, { timeoutMs: 30_000 });
    await waitFor('the entry delivered', async () => (await query<{ state: string; attempts: number }>(databaseUrl, `SELECT state, attempts FROM outbox_entries WHERE handler = 'status-email'`))[0]?.state === 'delivered');
    // a while longer, so that a second copy would have arrived
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(smtp!.to(owner)).toHaveLength(1);
    expect(smtp!.messages).toHaveLength(1);
  }

  const settings = async (smtpPort: number) => ({
    DATABASE_URL: await createTestDatabase(),
    DNS_SERVERS: dns.address,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    OUTBOX_RETRY_BASE_SECONDS: '1',
    VERIFICATION_TICK_SECONDS: '1',
    VERIFICATION_SCHEDULER: 'off',
  });

  it('restarted alone: exactly one e-mail once SMTP is up', async () => {
    const port = await freePort();
    const env = await settings(port);
    const first = await startService(env, { apiKey: KEY });
    services.push(first);
    await activateThenKill(first, 'crash-mail.example.net');
    smtp = await TestSmtpServer.start(port);
    services.push(await startService(env, { apiKey: KEY }));
    await exactlyOneMail(env.DATABASE_URL, 'owner@crash-mail.example.net');
  }, 180_000);

  it('with two instances, one killed: the other sends it, exactly once', async () => {
    const port = await freePort();
    const env = await settings(port);
    const [first, other] = await Promise.all([startService(env, { apiKey: KEY }), startService(env, { apiKey: KEY })]);
    services.push(first!, other!);
    await activateThenKill(first!, 'crash-mail-two.example.net');
    smtp = await TestSmtpServer.start(port);
    await exactlyOneMail(env.DATABASE_URL, 'owner@crash-mail-two.example.net');
  }, 180_000);
});
