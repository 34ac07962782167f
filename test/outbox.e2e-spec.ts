/**
 * The transactional outbox on real PostgreSQL with a real SMTP server: a status change is written
 * with the change and its e-mail is delivered after commit; an SMTP server that answers 4xx gets it
 * again (same Message-ID) until it accepts; a 5xx ends it at once: the entry is dead, logged and
 * counted in the metrics.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { expectedRecords, publish, registerDomain, SEED_ACCOUNT, verify } from './support/domains.js';
import { TestSmtpServer } from './support/smtp-server.js';
import { waitFor } from './support/wait-for.js';

interface Entry {
  state: string;
  attempts: number;
  last_error: string | null;
}

describe('outbox: status e-mails', () => {
  let dns: TestDnsServer;
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    smtp = await TestSmtpServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', SMTP_URL: smtp.url, OUTBOX_RETRY_BASE_SECONDS: '0.2' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await dns?.stop();
  });

  /** Registers a domain with a contact address and makes it active: one status change. */
  async function activate(domain: string): Promise<{ id: number; owner: string }> {
    const owner = `owner@${domain}`;
    const { id } = await registerDomain(t, ADMIN_KEY, { domain, emailAddress: owner });
    publish(dns, ...expectedRecords(SEED_ACCOUNT, domain));
    expect((await verify(t, ADMIN_KEY, domain)).status).toBe(200);
    return { id, owner };
  }

  const entriesOf = (id: number) => t.sql<Entry>(`SELECT state, attempts, last_error FROM outbox_entries WHERE handler = 'status-email' AND (payload->>'domainId')::int = $1`, [id]);

  const refused = (owner: string) => smtp.rejected.filter((m) => m.to.includes(owner));

  it('writes the status change with the change and delivers its e-mail after commit, once', async () => {
    const { id, owner } = await activate('outbox-now.example.org');
    await waitFor('the e-mail', () => smtp.to(owner).length === 1);
    await waitFor('the entry delivered', async () => (await entriesOf(id))[0]?.state === 'delivered');
    expect(await entriesOf(id)).toEqual([{ state: 'delivered', attempts: 1, last_error: null }]);
  });

  it('SMTP answering 451 for a while: retried with backoff, the same message, and it arrives once accepted', async () => {
    smtp.failWith(451);
    const { id, owner } = await activate('outbox-451.example.org');
    await waitFor('two refused tries', () => refused(owner).length >= 2);
    const [pending] = await entriesOf(id);
    expect(pending).toMatchObject({ state: 'pending', last_error: expect.stringContaining('451') });
    smtp.accept();
    await waitFor('the e-mail once the server accepts', () => smtp.to(owner).length === 1, { timeoutMs: 30_000 });
    await waitFor('the entry delivered', async () => (await entriesOf(id))[0]?.state === 'delivered');
    const [delivered] = await entriesOf(id);
    expect(delivered!.attempts).toBeGreaterThanOrEqual(3);
    // every try was the same message: receivers can tell a copy
    const ids = new Set([...refused(owner), ...smtp.to(owner)].map((m) => m.headers['message-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
    expect(smtp.to(owner)).toHaveLength(1);
  });

  it('SMTP answering 550: no retry; the entry is dead with its error, and counted', async () => {
    smtp.failWith(550);
    const { id, owner } = await activate('outbox-550.example.org');
    await waitFor('the entry dead', async () => (await entriesOf(id))[0]?.state === 'dead');
    smtp.accept();
    expect(await entriesOf(id)).toEqual([{ state: 'dead', attempts: 1, last_error: expect.stringContaining('550') }]);
    expect(refused(owner)).toHaveLength(1);
    expect(smtp.to(owner)).toHaveLength(0);
    const metrics = await waitFor('the dead entry in the metrics', async () => {
      const text = (await t.http.get('/metrics').expect(200)).text;
      return /^sds_outbox_entries\{state="dead"\} 1$/m.test(text) && text;
    });
    expect(metrics).toMatch(/^sds_outbox_deliveries_total\{handler="status-email",outcome="dead"\} 1$/m);
    expect(metrics).toMatch(/^sds_outbox_oldest_pending_age_seconds \d/m);
  });
});
