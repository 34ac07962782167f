/**
 * The SES (v2) provider end to end: the real AWS SDK sends real HTTP to a local SESv2 stub
 * (SES_ENDPOINT), the service runs on real PostgreSQL and asks the in-process DNS server.
 */
import { waitFor } from './support/wait-for.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, SEED_ACCOUNT } from './support/domains.js';
import { SesStub } from './support/ses-stub.js';

// the SDK's default credential chain reads these first; the stub accepts any signature
process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-never-logged';

const OTHER = '11111111-2222-4333-8444-555555555555';
const API = (account = SEED_ACCOUNT) => `/api/v1/accounts/${account}/domains`;
const admin = auth(ADMIN_KEY);
type Record = { purpose: string; type: string; host: string; value: string; priority: number | null; required: boolean };

describe('SES provider (real SDK against a local SESv2 stub)', () => {
  let t: TestApp;
  let dns: TestDnsServer;
  let ses: SesStub;
  const logged: string[] = [];
  const capture = (...parts: unknown[]) => void logged.push(parts.map((p) => (p instanceof Error ? `${p.message} ${p.stack}` : typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  const logger = { log: capture, error: capture, warn: capture, debug: capture, verbose: capture, fatal: capture };

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    ses = await SesStub.start();
    t = await startTestApp({
      env: { MAIL_PROVIDER: 'ses', AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint, DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1' },
      logger,
    });
  });
  afterAll(async () => {
    await t.close();
    await ses.stop();
    await dns.stop();
  });
  beforeEach(() => ses.up());

  const register = (body: object, account = SEED_ACCOUNT) => t.http.post(API(account)).set(admin).send(body);
  const publish = (records: Record[]) => {
    for (const r of records) {
      if (r.type === 'CNAME') dns.set(r.host, 'CNAME', r.value);
      else if (r.type === 'MX') dns.set(r.host, 'MX', { preference: r.priority ?? 10, exchange: r.value });
      else dns.add(r.host, 'TXT', r.value);
    }
  };

  it("registers through CreateEmailIdentity (Easy DKIM, RSA 2048): SES's three tokens become the DKIM CNAMEs; custom MAIL FROM adds its MX and SPF", async () => {
    const res = await register({ domain: 'ses.example.com', mailFromSubdomain: 'bounce', receiving: true }).expect(201);
    const identity = ses.identities.get('ses.example.com')!;
    expect(identity).toMatchObject({ signingKeyLength: 'RSA_2048_BIT', mailFrom: { domain: 'bounce.ses.example.com' } });
    expect(res.body).toMatchObject({ provider: 'ses', region: null, dkimTokens: identity.tokens });
    const records: Record[] = res.body.dnsRecords;
    expect(records.filter((r) => r.purpose === 'dkim').map((r) => [r.host, r.value])).toEqual(identity.tokens.map((tk) => [`${tk}._domainkey.ses.example.com`, `${tk}.dkim.amazonses.com.`]));
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'returnPath', type: 'MX', host: 'bounce.ses.example.com', value: 'feedback-smtp.eu-west-1.amazonses.com.', priority: 10 }),
        expect.objectContaining({ purpose: 'spf', type: 'TXT', host: 'bounce.ses.example.com', value: 'v=spf1 include:amazonses.com ~all' }),
        expect.objectContaining({ purpose: 'spf', type: 'TXT', host: 'ses.example.com', value: 'v=spf1 include:amazonses.com ~all' }),
        expect.objectContaining({ purpose: 'mx', type: 'MX', host: 'ses.example.com', value: 'inbound-smtp.eu-west-1.amazonaws.com.' }),
      ]),
    );
    expect(ses.calls('PUT', '/v2/email/identities/ses.example.com/mail-from')).toHaveLength(1);
    expect(ses.requests[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY\//);
  });

  it('is active only when DNS and SES agree: waiting_for_provider while SES is pending, then active; FAILED is provider_failed', async () => {
    const created = (await register({ domain: 'agree.example.com', spf: false, dmarc: false }).expect(201)).body;
    publish(created.dnsRecords);
    const pending = await t.http.post(`${API()}/${created.id}/verify`).set(admin).expect(200);
    expect(pending.body).toMatchObject({ status: 'pending', checks: { dkim: { status: 'waiting_for_provider' } } });
    expect(pending.body.dnsRecords.every((r: { status: string }) => r.status === 'valid')).toBe(true);

    ses.verdict('agree.example.com', 'SUCCESS');
    const active = await t.http.post(`${API()}/${created.id}/verify`).set(admin).expect(200);
    expect(active.body).toMatchObject({ status: 'active', checks: { dkim: { status: 'verified' } } });

    ses.verdict('agree.example.com', 'FAILED', 'HOST_NOT_FOUND');
    const failed = await t.http.post(`${API()}/${created.id}/verify`).set(admin).expect(200);
    expect(failed.body.checks.dkim).toMatchObject({ status: 'provider_failed', error: 'The mail provider failed to verify it (HOST_NOT_FOUND).' });
    expect(failed.body.status).toBe('active'); // one failed check: an active domain fails after 3 in a row
  });

  it('retries throttling and 5xx with backoff, never showing SES response bodies', async () => {
    ses.throttle(2);
    await register({ domain: 'throttled.example.com' }).expect(201);
    expect(ses.calls('POST', '/v2/email/identities').filter((r) => r.body.EmailIdentity === 'throttled.example.com')).toHaveLength(3);
    ses.fail(10); // more than the SDK's attempts: provisioning gives up, the domain is registered anyway
    const res = await register({ domain: 'failing.example.com' }).expect(201);
    expect(res.body.checks.dkim).toMatchObject({ status: 'waiting_for_provider', error: expect.stringContaining('SES answered InternalFailure (HTTP 500)') });
    expect(JSON.stringify(res.body)).not.toContain('SECRET-RESPONSE-BODY');
    expect(JSON.stringify(await t.sql(`SELECT provider_status FROM sending_domains WHERE name = 'failing.example.com'`))).not.toContain('SECRET');
    ses.fail(0);
  });

  it('registers while SES is down (pending, DKIM waiting_for_provider), and the scheduler provisions it once SES is back', async () => {
    ses.down();
    const res = await register({ domain: 'down.example.com' }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', provider: 'ses', dkimTokens: [] });
    expect(res.body.checks.dkim).toMatchObject({ status: 'waiting_for_provider', error: expect.stringMatching(/SES could not be reached .* retried automatically/) });
    expect(res.body.dnsRecords.some((r: Record) => r.purpose === 'dkim')).toBe(false);
    ses.up();
    const scheduled = await startTestApp({
      databaseUrl: t.databaseUrl,
      env: { MAIL_PROVIDER: 'ses', AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint, DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '300', DNS_TRIES: '1', VERIFICATION_SCHEDULER: 'on', VERIFICATION_TICK_SECONDS: '0.2' },
    });
    try {
      const tokens = await waitFor('the scheduler to provision down.example.com', () => ses.identities.get('down.example.com')?.tokens);
      const after = await waitFor('its DKIM records', async () => {
        const body = (await t.http.get(`${API()}/${res.body.id}`).set(admin).expect(200)).body;
        return body.dkimTokens.length === 3 ? body : undefined;
      });
      expect(after.dkimTokens).toEqual(tokens);
      expect(after.checks.dkim.status).not.toBe('provider_failed');
    } finally {
      await scheduled.close();
    }
  });

  it('adopts an identity that exists in SES, and shares one identity between two accounts; deleting one keeps it, deleting the last removes it', async () => {
    const first = (await register({ domain: 'shared.example.com' }).expect(201)).body;
    const second = (await register({ domain: 'shared.example.com' }, OTHER).expect(201)).body;
    expect(second.dkimTokens).toEqual(first.dkimTokens); // AlreadyExistsException: adopted
    expect(ses.calls('POST', '/v2/email/identities').filter((r) => r.body.EmailIdentity === 'shared.example.com')).toHaveLength(2);

    await t.http.delete(`${API()}/${first.id}`).set(admin).expect(200);
    expect(ses.identities.has('shared.example.com')).toBe(true);
    await t.http.delete(`${API(OTHER)}/${second.id}`).set(admin).expect(200);
    expect(ses.identities.has('shared.example.com')).toBe(false);
    expect(await t.sql(`SELECT provider_state FROM sending_domains WHERE name = 'shared.example.com'`)).toEqual([{ provider_state: 'released' }, { provider_state: 'released' }]);
  });

  it('deprovisions after the delete commits, and the scheduler retries it when SES was down', async () => {
    const created = (await register({ domain: 'later.example.com' }).expect(201)).body;
    ses.down();
    await t.http.delete(`${API()}/${created.id}`).set(admin).expect(200);
    expect(ses.identities.has('later.example.com')).toBe(true);
    expect(await t.sql(`SELECT provider_state FROM sending_domains WHERE id = $1`, [created.id])).toEqual([{ provider_state: 'deprovision_pending' }]);
    ses.up();
    const scheduled = await startTestApp({
      databaseUrl: t.databaseUrl,
      env: { MAIL_PROVIDER: 'ses', AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint, DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '300', DNS_TRIES: '1', VERIFICATION_SCHEDULER: 'on', VERIFICATION_TICK_SECONDS: '0.2' },
    });
    try {
      await waitFor('the scheduler to remove the identity', () => !ses.identities.has('later.example.com'));
      await waitFor('the domain released', async () => (await t.sql(`SELECT provider_state FROM sending_domains WHERE id = $1`, [created.id]))[0]?.provider_state === 'released');
    } finally {
      await scheduled.close();
    }
  });

  it('sends notification e-mails through SendEmail', async () => {
    const created = (await register({ domain: 'notify.example.com', emailAddress: 'owner@notify.example.com', spf: false, dmarc: false }).expect(201)).body;
    publish(created.dnsRecords);
    ses.verdict('notify.example.com', 'SUCCESS');
    await t.http.post(`${API()}/${created.id}/verify`).set(admin).expect(200);
    const mail = await waitFor('the notification', () => ses.sent.find((m) => m.to.includes('owner@notify.example.com')));
    expect(mail).toMatchObject({ from: 'Sending domains <no-reply@localhost>', subject: 'Sending domain notify.example.com is now active' });
  });

  it('never logs a credential or an SES response body', () => {
    expect(logged.some((line) => line.includes('SES'))).toBe(true); // the failures above were logged
    for (const line of logged) expect(line).not.toMatch(/test-secret-never-logged|AKIDTESTONLY|SECRET-RESPONSE-BODY|Signature=/);
  });

  it('keeps the built-in provider for domains that ask for it', async () => {
    const res = await register({ domain: 'builtin.example.com', provider: 'builtin' }).expect(201);
    expect(res.body.provider).toBe('builtin');
    expect(res.body.dkimTokens).toEqual([`cm2${SEED_ACCOUNT.replace(/-/g, '')}`, `cm1${SEED_ACCOUNT.replace(/-/g, '')}`]);
    expect(ses.identities.has('builtin.example.com')).toBe(false);
  });
});

describe('without SES configured', () => {
  it('refuses provider "ses" with a 400 that says how to configure it', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http.post(API()).set(admin).send({ domain: 'x.example.com', provider: 'ses' }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'provider', detail: expect.stringContaining('set AWS_REGION') });
    } finally {
      await t.close();
    }
  });
});
