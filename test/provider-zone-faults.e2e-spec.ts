/**
 * The provider zone with a publisher configured, end to end on the whole service (issue 16):
 *
 * - a fault on the provider's side (the zone's DKIM key not served, another key served, its DNS
 *   server answering SERVFAIL or not at all) never counts against the customer: it flips no
 *   `active` built-in domain and writes no status e-mail, however often the domain is verified or
 *   swept; a name served wrong shows in `sds_provider_zone_drift` and a warning, and is published
 *   again. The customer's own fault, in the same number of checks, does flip it (the control).
 * - two instances on one database publishing to Route 53 (the real AWS SDK against the local stub,
 *   through a front that can hold a request): first registrations, a rotation and a withdrawal on
 *   both, and a publication of an older state held back until a newer one was published; in the
 *   end the hosted zone holds exactly the desired RRsets, and the operator's own record sets are
 *   as they were.
 *
 * No timing assertions: waits poll for a condition with a generous deadline.
 */
import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { pino } from 'pino';
import { VerificationSchedulerTask } from '#verification';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, domainRow, expectedRecords, publish } from './support/domains.js';
import { Route53Stub, type StubRecordSet } from './support/route53-stub.js';
import { TestSmtpServer } from './support/smtp-server.js';
import { mapLimited, waitFor } from './support/wait-for.js';

// the SDK's default credential chain finds these in the environment, as in a real deployment
process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-never-logged';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const admin = auth(ADMIN_KEY);
const native = (account: string) => `/api/v1/accounts/${account}/domains`;
const label = (account: string) => account.replace(/-/g, '').toLowerCase();
const account = (n: number) => `5a0e16f0-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A pino root logger whose lines are kept (JSON, numeric levels: 40 is warn). */
function capturedLogger(lines: string[]) {
  return pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
}
const warnings = (lines: readonly string[]) =>
  lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((l) => l.level >= 40).map((l) => l.msg);

/** The value of an unlabelled gauge in the instance's /metrics. */
async function gauge(t: TestApp, name: string): Promise<number> {
  const text = (await t.http.get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not in /metrics`);
  return Number(line.slice(name.length + 1));
}

/** The character-strings of a TXT value as Route 53 holds it (`"a" "b"`). */
const unquote = (value: string) => [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(([, s]) => s!.replace(/\\(.)/g, '$1'));
/** A TXT record's text as Route 53 is given it: quoted strings of at most 255 characters (computed here, not by the service). */
const quoted = (text: string) => (text.match(/.{1,255}/g) ?? ['']).map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(' ');

/** The settings that publish the provider zone `zone` to the stub's hosted zone `hostedZone`. */
const route53 = (zone: string, hostedZone: string, stub: Route53Stub) => ({
  PROVIDER_DNS_ZONE: zone,
  PROVIDER_ZONE_PUBLISHER: 'route53',
  PROVIDER_ZONE_HOSTED_ZONE_ID: hostedZone,
  ROUTE53_ENDPOINT: stub.endpoint,
});

describe('a fault on the provider side (PROVIDER_ZONE_PUBLISHER=route53, real DNS, real SMTP)', () => {
  const ZONE = 'faults-provider.example';
  const HOSTED_ZONE = 'Z0FAULTSZONE01';
  let stub: Route53Stub;
  let dns: TestDnsServer;
  let smtp: TestSmtpServer;
  let t: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    stub = (await Route53Stub.start()).addZone(HOSTED_ZONE, ZONE);
    dns = await TestDnsServer.start();
    smtp = await TestSmtpServer.start();
    t = await startTestApp({
      env: {
        ...route53(ZONE, HOSTED_ZONE, stub),
        DNS_SERVERS: dns.address,
        DNS_TIMEOUT_MS: '1000',
        SMTP_URL: smtp.url,
        OUTBOX_RETRY_BASE_SECONDS: '0.2',
        VERIFICATION_TICK_SECONDS: '0.5',
      },
      rootLogger: capturedLogger(logs),
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await dns?.stop();
    await stub?.stop();
  });

  const keyHost = (acct: string, selector: string) => `${label(acct)}${selector}._domainkey.${ZONE}`;
  const statusMails = async (domainId: number) =>
    (await t.sql<{ status: string }>(`SELECT payload->>'status' AS status FROM outbox_entries WHERE handler = 'status-email' AND type = 'domain.status_changed' AND (payload->>'domainId')::int = $1 ORDER BY id`, [domainId])).map((r) => r.status);
  const verifyNow = async (acct: string, id: number) => (await t.http.post(`${native(acct)}/${id}/verify`).set(admin).expect(200)).body;
  /** One scheduled sweep that checks the domain (made due: a second ago, as the app's clock has milliseconds and PostgreSQL's microseconds). */
  const sweep = async (id: number) => {
    await t.sql(`UPDATE sending_domains SET next_check_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(await t.app.get(VerificationSchedulerTask).tick()).toBeGreaterThanOrEqual(1);
  };
  /** A customer of `acct` with the three CNAMEs published, and the provider zone serving in DNS what was published to Route 53: the domain becomes active (and its contact is told). */
  async function activeDomain(acct: string, domain: string) {
    const id = (await t.http.post(native(acct)).set(admin).send({ domain, emailAddress: `owner@${domain}`, spf: false, dmarc: false }).expect(201)).body.id as number;
    publish(dns, ...expectedRecords(acct, domain, ZONE));
    for (const selector of ['cm1', 'cm2']) {
      const set = await waitFor(`${keyHost(acct, selector)} in Route 53`, () => stub.recordSet(HOSTED_ZONE, `${keyHost(acct, selector)}.`, 'TXT'));
      dns.set(keyHost(acct, selector), 'TXT', set.values.map(unquote)[0]!);
    }
    const active = await verifyNow(acct, id);
    expect(active).toMatchObject({ status: 'active', checks: { dkim: { status: 'verified', details: { providerKeys: { cm1: 'published', cm2: 'published' } } } } });
    await waitFor(`the activation mail to owner@${domain}`, () => smtp.to(`owner@${domain}`).length === 1);
    expect(await statusMails(id)).toEqual(['active']);
    return id;
  }

  const otherKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  /** `drift`: the gauge while the fault lasts (null: DNS could not say, so the names are not known to be served wrong) */
  const faults: { name: string; n: number; apply: (acct: string) => void; served: Record<string, string>; drift: number | null; reported: string }[] = [
    { name: 'the active key not served (NXDOMAIN)', n: 1, apply: (a) => dns.remove(keyHost(a, 'cm1'), 'TXT'), served: { cm1: 'missing', cm2: 'published' }, drift: 1, reported: 'the name counted as drift, warned, published again' },
    { name: 'another key served at both selectors', n: 2, apply: (a) => ['cm1', 'cm2'].forEach((s) => dns.set(keyHost(a, s), 'TXT', `v=DKIM1; k=rsa; p=${otherKey}`)), served: { cm1: 'stale', cm2: 'stale' }, drift: 2, reported: 'both names counted as drift, warned, published again' },
    { name: 'its DNS server answering SERVFAIL', n: 3, apply: (a) => ['cm1', 'cm2'].forEach((s) => dns.servfail(keyHost(a, s))), served: { cm1: 'unknown', cm2: 'unknown' }, drift: null, reported: 'the keys reported unknown' },
    { name: 'its DNS server not answering (timeout)', n: 4, apply: (a) => ['cm1', 'cm2'].forEach((s) => dns.timeout(keyHost(a, s))), served: { cm1: 'unknown', cm2: 'unknown' }, drift: null, reported: 'the keys reported unknown' },
  ];

  it.each(faults)('$name: the active domain stays active through verifications and a sweep, no status e-mail; $reported', async ({ n, apply, served, drift }) => {
    const acct = account(n);
    const domain = `fault-${n}.example.org`;
    const id = await activeDomain(acct, domain);
    const driftBefore = await gauge(t, 'sds_provider_zone_drift'); // (the gauge counts the instance's names, of every account)
    // what Route 53 holds, to serve again once the fault is over
    const keep = (['cm1', 'cm2'] as const).map((s) => ({ s, values: stub.recordSet(HOSTED_ZONE, `${keyHost(acct, s)}.`, 'TXT')!.values.map(unquote)[0]! }));
    const posts = () => stub.calls('POST', '/rrset').filter((r) => r.body.includes(label(acct))).length;
    const postsBefore = posts();
    const warnedBefore = warnings(logs).length;

    apply(acct);
    // more checks than the failure threshold (3 conclusive failures flip an active domain), by hand and by the scheduler
    for (let i = 0; i < 3; i++) {
      const checked = await verifyNow(acct, id);
      expect(checked.status).toBe('active');
      expect(checked.checks.dkim.details.providerKeys).toEqual(served);
    }
    await sweep(id);
    const row = await domainRow(t, domain, acct);
    expect(row).toMatchObject({ status: 'active', consecutive_failures: 0 });
    expect(await statusMails(id)).toEqual(['active']);

    if (drift !== null) {
      expect(await gauge(t, 'sds_provider_zone_drift')).toBe(driftBefore + drift);
      // a warning naming each name served wrong (once, not at every check), and the account's records published again
      const wrong = Object.entries(served).filter(([, s]) => s === 'missing' || s === 'stale');
      const warned = warnings(logs).slice(warnedBefore).filter((w) => w.includes('The provider zone serves'));
      expect(warned).toEqual([expect.stringContaining(`The provider zone serves ${wrong.map(([s, how]) => `${keyHost(acct, s)} (${how})`).join(', ')} wrong`)]);
      await waitFor('the account published again', () => posts() > postsBefore);
    }

    // the provider zone served right again: drift gone, the domain still active, still one mail
    for (const { s, values } of keep) {
      dns.healthy(keyHost(acct, s));
      dns.set(keyHost(acct, s), 'TXT', values);
    }
    expect(await verifyNow(acct, id)).toMatchObject({ status: 'active', checks: { dkim: { status: 'verified', details: { providerKeys: { cm1: 'published', cm2: 'published' } } } } });
    expect(await gauge(t, 'sds_provider_zone_drift')).toBe(driftBefore);
    await waitFor('every status e-mail delivered', async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_entries WHERE handler = 'status-email' AND state <> 'delivered'`))[0]!.n === 0);
    expect(smtp.to(`owner@${domain}`).map((m) => m.subject)).toEqual([expect.stringContaining(`${domain} is now active`)]);
  });

  it('the control: the customer’s own fault, in as many checks, does make the active domain failed and tells its contact', async () => {
    const acct = account(9);
    const domain = 'customer-fault.example.org';
    const id = await activeDomain(acct, domain);
    dns.remove(expectedRecords(acct, domain, ZONE)[2]!.host, 'CNAME'); // the cm1 DKIM CNAME
    for (let i = 0; i < 2; i++) expect((await verifyNow(acct, id)).status).toBe('active');
    await sweep(id);
    expect((await domainRow(t, domain, acct)).status).toBe('failed');
    expect(await statusMails(id)).toEqual(['active', 'failed']);
    await waitFor('the failure mail', () => smtp.to(`owner@${domain}`).length === 2);
  });
});

/** One request as the front received it, and which instance's endpoint it came to. */
interface FrontRequest {
  via: number;
  method: string;
  path: string;
  body: string;
}

/** Requests held back (ChangeResourceRecordSets naming an account), in arrival order, until the test lets them through. */
class Hold {
  readonly held: { body: string; forward: () => Promise<void> }[] = [];
  open = false;
  constructor(readonly matches: (req: FrontRequest) => boolean) {}
}

/**
 * A front for the Route 53 stub, one endpoint per service instance: it forwards every request
 * as it is, except those a Hold matches, which wait until the test forwards them (so an older
 * state's publication can be made to land after a newer one's, as a slow network would).
 */
class Route53Front {
  readonly requests: FrontRequest[] = [];
  private hold: Hold | null = null;

  private constructor(
    private readonly target: string,
    private readonly servers: Server[],
  ) {}

  static async start(target: string, instances: number): Promise<Route53Front> {
    const servers = Array.from({ length: instances }, () => createServer());
    const front = new Route53Front(target, servers);
    for (const [via, server] of servers.entries()) {
      server.on('request', (req, res) => void front.handle(via, req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    return front;
  }

  endpoint(via: number): string {
    return `http://127.0.0.1:${(this.servers[via]!.address() as { port: number }).port}`;
  }

  /** Holds every request `matches` accepts until `open()`. */
  holdBack(matches: (req: FrontRequest) => boolean): Hold {
    this.hold = new Hold(matches);
    return this.hold;
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async handle(via: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const request: FrontRequest = { via, method: req.method ?? '', path: req.url ?? '/', body: body.toString('utf8') };
    this.requests.push(request);
    const forward = () => this.forward(req, body, res);
    const hold = this.hold;
    if (hold && !hold.open && hold.matches(request)) hold.held.push({ body: request.body, forward });
    else await forward();
  }

  /** Sends the request on to the stub; resolves once its answer has been passed back (the stub has applied it). */
  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const upstream = httpRequest(`${this.target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
          resolve();
        });
      });
      upstream.on('error', () => {
        res.destroy();
        resolve();
      });
      upstream.end(body);
    });
  }
}

describe('a provider zone served wrong with PROVIDER_ZONE_PUBLISHER=none', () => {
  const ZONE = 'faults-unpublished.example';
  let dns: TestDnsServer;
  let t: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { PROVIDER_DNS_ZONE: ZONE, DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000' }, rootLogger: capturedLogger(logs) });
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('warns the operator (once, naming the names and what to publish), counts the drift, and the domain stays as DNS says', async () => {
    const acct = account(21);
    const domain = 'unpublished-drift.example.org';
    const id = (await t.http.post(native(acct)).set(admin).send({ domain, spf: false, dmarc: false }).expect(201)).body.id as number;
    publish(dns, ...expectedRecords(acct, domain, ZONE));
    // the operator published the zone file, then lost the active key's TXT
    const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body as { records: { host: string; type: string; value: string }[] };
    for (const r of zone.records.filter((r) => r.type === 'TXT' && r.host.includes('._domainkey.'))) dns.set(r.host.replace(/\.$/, ''), 'TXT', r.value);
    const verify = async () => (await t.http.post(`${native(acct)}/${id}/verify`).set(admin).expect(200)).body;
    expect(await verify()).toMatchObject({ status: 'active' });
    const before = await gauge(t, 'sds_provider_zone_drift');
    const cm1 = `${label(acct)}cm1._domainkey.${ZONE}`;
    dns.remove(cm1, 'TXT');
    for (let i = 0; i < 3; i++) expect(await verify()).toMatchObject({ status: 'active', checks: { dkim: { details: { providerKeys: { cm1: 'missing', cm2: 'published' } } } } });
    expect(await gauge(t, 'sds_provider_zone_drift')).toBe(before + 1);
    expect(warnings(logs).filter((w) => w.includes('The provider zone serves'))).toEqual([
      `The provider zone serves ${cm1} (missing) wrong: publish account ${acct}'s records as GET /api/v1/provider-zone/zone-file gives them (PROVIDER_ZONE_PUBLISHER=none)`,
    ]);
  });
});

describe('two instances publishing the provider zone to Route 53 (the real SDK against the stub)', () => {
  const ZONE = 'two-instances.example';
  const HOSTED_ZONE = 'Z0TWOINSTANCES1';
  /** the operator's own record sets in the hosted zone, some of them TXT and MX as ours are */
  const OPERATOR: StubRecordSet[] = [
    { name: `${ZONE}.`, type: 'MX', ttl: 3600, values: [`10 mx.${ZONE}.`] },
    { name: `${ZONE}.`, type: 'TXT', ttl: 3600, values: ['"v=spf1 mx -all"', '"google-site-verification=abc"'] },
    { name: `www.${ZONE}.`, type: 'A', ttl: 300, values: ['192.0.2.80'] },
    { name: `bounces.${ZONE}.`, type: 'A', ttl: 300, values: ['192.0.2.26'] },
    { name: `_dmarc.${ZONE}.`, type: 'TXT', ttl: 300, values: ['"v=DMARC1; p=reject"'] },
    { name: `selector1._domainkey.${ZONE}.`, type: 'TXT', ttl: 300, values: ['"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"'] },
  ];
  let stub: Route53Stub;
  let front: Route53Front;
  let a: TestApp;
  let b: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    stub = (await Route53Stub.start()).addZone(HOSTED_ZONE, ZONE, OPERATOR);
    front = await Route53Front.start(stub.endpoint, 2);
    const env = (via: number) => ({
      PROVIDER_DNS_ZONE: ZONE,
      PROVIDER_ZONE_PUBLISHER: 'route53',
      PROVIDER_ZONE_HOSTED_ZONE_ID: HOSTED_ZONE,
      ROUTE53_ENDPOINT: front.endpoint(via),
      PROVIDER_SENDING_IPS: '192.0.2.0/24, 2001:db8::/48',
      OUTBOX_RETRY_BASE_SECONDS: '0.2',
      VERIFICATION_TICK_SECONDS: '0.3', // the keys' maintenance (withdrawals) and the outbox's poll
    });
    a = await startTestApp({ env: env(0), rootLogger: capturedLogger(logs) });
    b = await startTestApp({ env: env(1), databaseUrl: a.databaseUrl, rootLogger: capturedLogger(logs) });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await front?.stop();
    await stub?.stop();
  });

  /** Route 53's record sets that are not the operator's (nor the SOA and NS). */
  const ours = () =>
    stub
      .recordSets(HOSTED_ZONE)
      .filter((s) => s.type !== 'SOA' && s.type !== 'NS' && !OPERATOR.some((o) => o.name === s.name && o.type === s.type));
  const operators = () => stub.recordSets(HOSTED_ZONE).filter((s) => OPERATOR.some((o) => o.name === s.name && o.type === s.type));
  /** What the service says the zone must hold, as Route 53 record sets (values in Route 53's form, computed here). */
  async function desired(t: TestApp): Promise<StubRecordSet[]> {
    const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body as { records: { host: string; type: string; ttl: number; value: string }[] };
    const sets = new Map<string, StubRecordSet>();
    for (const r of zone.records) {
      const name = `${r.host.toLowerCase()}.`;
      const set = sets.get(`${name} ${r.type}`) ?? { name, type: r.type, ttl: r.ttl, values: [] };
      set.values.push(r.type === 'TXT' ? quoted(r.value) : r.value);
      sets.set(`${name} ${r.type}`, set);
    }
    return [...sets.values()];
  }
  const sorted = (sets: StubRecordSet[]) =>
    sets.map((s) => ({ name: s.name, type: s.type, ttl: s.ttl, values: [...s.values].sort() })).sort((x, y) => `${x.name} ${x.type}`.localeCompare(`${y.name} ${y.type}`));
  const keysOf = (acct: string) => a.sql<{ selector: string; state: string; public_key: string }>(`SELECT selector, state, public_key FROM dkim_keys WHERE account_id = $1 ORDER BY selector`, [acct]);
  const lockWaiters = async () => (await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0]!.n;
  const unpublished = async () =>
    (await a.sql<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM outbox_entries WHERE handler = 'provider-zone' AND state <> 'delivered' GROUP BY state`));

  it('registrations, a rotation and a withdrawal on both instances, an older state’s publication arriving late: Route 53 ends with exactly the desired RRsets; the operator’s are untouched', async () => {
    const operatorBefore = structuredClone(operators());
    expect(operatorBefore).toHaveLength(OPERATOR.length);

    // 1. The newest state wins. Account R's keys are made (on a) and their publication is held
    // back on its way to Route 53; meanwhile R's active key is revoked (on b). Either the revocation
    // waits for the publication under way (the account's lock), or its own publication overtakes
    // the held one, which is then let through last, as a slow network would deliver it.
    const race = account(100);
    const hold = front.holdBack((r) => r.method === 'POST' && r.path.includes('/rrset') && r.body.includes(label(race)));
    await a.http.post(native(race)).set(admin).send({ domain: 'race.example.org' }).expect(201);
    await waitFor('the publication of R’s new keys, held', () => hold.held.length === 1);
    const revoking = b.http.post(`/api/v1/accounts/${race}/dkim/rotate`).set(admin).send({ revoke: true }).then((res) => res);
    const waited = await waitFor('the revocation waiting for the lock, or publishing past the held request', async () => (hold.held.length >= 2 ? 'overtaken' : (await lockWaiters()) > 0 ? 'locked' : false));
    hold.open = true;
    for (const later of hold.held.slice(1)) await later.forward(); // the newer state first...
    await hold.held[0]!.forward(); // ...then the older one
    expect((await revoking).status).toBe(202);
    expect(['locked', 'overtaken']).toContain(waited); // either way, the end state below must be the revocation's

    // 2. New accounts' first built-in domains, several racing in each account across both instances
    const accounts = Array.from({ length: 5 }, (_, i) => account(200 + i));
    const registrations = accounts.flatMap((acct, i) => Array.from({ length: 4 }, (_, j) => ({ acct, domain: `d${j}.acct-${i}.example.org`, via: (i + j) % 2 })));
    const created = await mapLimited(registrations, 8, async ({ acct, domain, via }) => {
      const res = await [a, b][via]!.http.post(native(acct)).set(admin).send({ domain }).expect(201);
      return { acct, id: res.body.id as number, via };
    });
    for (const acct of accounts) expect((await keysOf(acct)).map((k) => [k.selector, k.state])).toEqual([['cm1', 'active'], ['cm2', 'standby']]);

    // 3. A rotation on the instance that did not register the account
    await b.http.post(`/api/v1/accounts/${accounts[0]}/dkim/rotate`).set(admin).send({ revoke: true }).expect(202);

    // 4. An account's only domain deleted (on the other instance than registered it); once DKIM_RETIRE_HOURS is
    // over (its end moved to now in the database) its keys are withdrawn and its names leave the zone
    const gone = accounts[1]!;
    for (const { id, via } of created.filter((c) => c.acct === gone)) await [b, a][via]!.http.delete(`${native(gone)}/${id}`).set(admin).expect(200);
    await waitFor('the names of the withdrawn account in Route 53 first', () => ours().some((s) => s.name.includes(label(gone))));
    await a.sql(`UPDATE dkim_accounts SET withdraw_after = now() - interval '1 second' WHERE account_id = $1 AND withdraw_after IS NOT NULL`, [gone]);
    await waitFor('the keys withdrawn', async () => (await keysOf(gone)).length === 0);

    // 5. Everything published (nothing pending, nothing given up), by both instances
    let left: { state: string; n: number }[] = [];
    await waitFor(() => `every provider-zone entry delivered (left: ${JSON.stringify(left)})`, async () => (left = await unpublished()).length === 0, { timeoutMs: 30_000 });
    expect(new Set(front.requests.filter((r) => r.method === 'POST').map((r) => r.via))).toEqual(new Set([0, 1]));

    // exactly the desired RRsets: nothing missing, nothing stale, nothing left of the withdrawn account
    const want = await desired(a);
    expect(sorted(ours())).toEqual(sorted(want));
    expect(ours().filter((s) => s.name.includes(label(gone)))).toEqual([]);
    expect(want.filter((s) => s.name.startsWith(label(race)))).toHaveLength(4);
    expect(stub.recordSet(HOSTED_ZONE, `${label(race)}cm1._domainkey.${ZONE}.`, 'TXT')?.values).toEqual(['"v=DKIM1; p="']);
    const [, raceCm2] = await keysOf(race);
    expect(stub.recordSet(HOSTED_ZONE, `${label(race)}cm2._domainkey.${ZONE}.`, 'TXT')?.values).toEqual([quoted(`v=DKIM1; k=rsa; p=${raceCm2!.public_key}`)]);
    expect(stub.recordSet(HOSTED_ZONE, `_spf.${ZONE}.`, 'TXT')?.values).toEqual(['"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/48 -all"']);
    // the operator's record sets exactly as they were
    expect(operators()).toEqual(operatorBefore);
    expect(warnings(logs).filter((w) => /publish|Route 53|outbox/i.test(w))).toEqual([]);
  });
});

describe('Route 53 unreachable for a while (PROVIDER_ZONE_PUBLISHER=route53, the real SDK against the stub)', () => {
  const ZONE = 'unreachable-for-a-while.example';
  const HOSTED_ZONE = 'Z0UNREACHABLE01';
  let stub: Route53Stub;
  let t: TestApp;

  beforeAll(async () => {
    stub = (await Route53Stub.start()).addZone(HOSTED_ZONE, ZONE);
    t = await startTestApp({
      env: {
        ...route53(ZONE, HOSTED_ZONE, stub),
        // a failed publication is tried again only after an hour: what is published sooner was brought forward
        OUTBOX_RETRY_BASE_SECONDS: '3600',
      },
      rootLogger: capturedLogger([]),
    });
    await waitFor('the zone-wide records published at the start', async () => (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body.publication.state === 'published');
  });
  afterAll(async () => {
    await t?.close();
    await stub?.stop();
  });

  const keyName = (acct: string) => `${label(acct)}cm1._domainkey.${ZONE}.`;
  const register = (acct: string, domain: string) => t.http.post(native(acct)).set(admin).send({ domain, spf: false, dmarc: false }).expect(201);

  it('the accounts whose keys could not be published then are published as soon as one publication goes through, not after their backoff', async () => {
    stub.down();
    await register(account(31), 'waiting-1.example.org');
    await register(account(32), 'waiting-2.example.org');
    const waitingAnHour = async () =>
      (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_entries WHERE handler = 'provider-zone' AND state = 'pending' AND last_error IS NOT NULL AND next_attempt_at > now() + interval '30 minutes'`))[0]!.n;
    await waitFor('both publications failed, to be tried again in an hour', async () => (await waitingAnHour()) === 2);
    const { publication: failing } = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body;
    expect(failing).toMatchObject({ state: 'failing', pending: 2, lastError: expect.stringContaining('Route 53 could not be reached') });

    stub.up();
    await register(account(33), 'first-after.example.org');
    for (const n of [33, 31, 32]) await waitFor(`account ${n}'s key in Route 53`, () => stub.recordSet(HOSTED_ZONE, keyName(account(n)), 'TXT'));
    const { publication } = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body;
    expect(publication).toMatchObject({ state: 'published', pending: 0, lastError: null });
  });
});
