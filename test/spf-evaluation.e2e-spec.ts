/**
 * POST /api/v1/spf/evaluations: RFC 7208 check_host() for any address, as support teams ask it
 * ("why does mail from 192.0.2.7 fail for this customer?"). Its examples are its answers for the
 * DNS data written beside them; the RFC's own conformance suite runs in spf-conformance.e2e-spec.ts.
 */
import { SPF_EXAMPLE_ZONE, SPF_EXAMPLES } from '../apps/api/src/v1/spf.examples.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, SEED_ACCOUNT } from './support/domains.js';

const ROUTE = '/api/v1/spf/evaluations';
const admin = auth(ADMIN_KEY);
const IP_MESSAGE = 'ip must be an IPv4 address (192.0.2.7) or an IPv6 address (2001:db8::7)';

describe('POST /api/v1/spf/evaluations', () => {
  let t: TestApp;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '300', DNS_TRIES: '1' } });
    for (const [name, types] of Object.entries(SPF_EXAMPLE_ZONE)) for (const value of types.TXT ?? []) dns.add(name, 'TXT', value);
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  it('answers each documented example, word for word, for the DNS data it was made from', async () => {
    const pairs = [
      [SPF_EXAMPLES.request.mailFrom, SPF_EXAMPLES.evaluated.fail],
      [SPF_EXAMPLES.request.included, SPF_EXAMPLES.evaluated.pass],
      [SPF_EXAMPLES.request.helo, SPF_EXAMPLES.evaluated.permerror],
    ] as const;
    for (const [request, answer] of pairs) {
      const res = await t.http.post(ROUTE).set(admin).send(request.value).expect(200);
      expect(res.body).toEqual(answer.value);
    }
  });

  it.each([
    ['missing', {}],
    ['empty', { ip: '' }],
    ['not an address', { ip: 'mail.example.com' }],
    ['an IPv4 address with a leading zero', { ip: '192.0.2.07' }],
    ['an IPv6 address with a zone', { ip: 'fe80::1%eth0' }],
    ['a number', { ip: 3221225991 }],
  ])('refuses an ip that is %s: 400 VALIDATION_FAILED naming ip', async (_what, body) => {
    const res = await t.http.post(ROUTE).set(admin).send(body).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'ip', detail: IP_MESSAGE });
  });

  it('gives the RFC\'s result for a sender whose domain cannot be checked (none), never a 400', async () => {
    for (const sender of ['nobody@localhost', 'someone@[192.0.2.1]', 'x@a..example.com', 'not-an-address']) {
      const res = await t.http.post(ROUTE).set(admin).send({ ip: '192.0.2.7', sender }).expect(200);
      expect({ sender, result: res.body.result }).toEqual({ sender, result: 'none' });
    }
  });

  it('checks the HELO identity (postmaster@<helo>) without a sender, takes any HELO text, and treats an IPv4-mapped address as IPv4', async () => {
    dns.set('helo-only.example.com', 'TXT', 'v=spf1 ip4:192.0.2.0/24 -all exp=why.helo-only.example.com');
    dns.set('why.helo-only.example.com', 'TXT', '%{l} at %{h} from %{c}');
    const viaHelo = await t.http.post(ROUTE).set(admin).send({ ip: '::ffff:192.0.2.9', helo: 'helo-only.example.com' }).expect(200);
    expect(viaHelo.body).toMatchObject({ result: 'pass', domain: 'helo-only.example.com', mechanism: 'ip4:192.0.2.0/24' });
    const empty = await t.http.post(ROUTE).set(admin).send({ ip: '198.51.100.1', sender: '', helo: 'helo-only.example.com' }).expect(200);
    expect(empty.body).toMatchObject({ result: 'fail', mechanism: '-all', explanation: 'postmaster at helo-only.example.com from 198.51.100.1' });
    const oddHelo = await t.http.post(ROUTE).set(admin).send({ ip: '198.51.100.1', sender: 'a@helo-only.example.com', helo: "JUMPIN' JUPITER" }).expect(200);
    expect(oddHelo.body).toMatchObject({ result: 'fail', explanation: "a at JUMPIN' JUPITER from 198.51.100.1" });
    const nothing = await t.http.post(ROUTE).set(admin).send({ ip: '198.51.100.1' }).expect(200);
    expect(nothing.body).toMatchObject({ result: 'none', domain: '', trace: [] });
  });

  it('a DNS error is temperror, with the reason', async () => {
    dns.servfail('broken.example.com');
    const res = await t.http.post(ROUTE).set(admin).send({ ip: '192.0.2.7', sender: 'a@broken.example.com' }).expect(200);
    expect(res.body).toMatchObject({ result: 'temperror', reason: 'DNS could not be asked for the TXT records of broken.example.com (SERVFAIL)' });
  });

  it('needs a key with EmailConfiguration_Read; account scope does not matter', async () => {
    await t.http.post(ROUTE).send({ ip: '192.0.2.7' }).expect(401);
    const writer = await t.createKey([SEED_ACCOUNT], ['EmailConfiguration_Create']);
    expect((await t.http.post(ROUTE).set(auth(writer)).send({ ip: '192.0.2.7' }).expect(403)).body).toMatchObject({ code: 'FORBIDDEN', required: 'EmailConfiguration_Read' });
    const reader = await t.createKey([SEED_ACCOUNT], ['EmailConfiguration_Read']);
    await t.http.post(ROUTE).set(auth(reader)).send({ ip: '192.0.2.7', sender: 'a@shop.example.com' }).expect(200);
  });
});
