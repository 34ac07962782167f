/**
 * No server-side request forgery: with the defaults (https only, no private networks), endpoint
 * URLs that name or resolve to loopback, private, link-local or metadata addresses are refused at
 * creation with a 400 naming why; a name that resolves elsewhere later (DNS rebinding) is caught at
 * the delivery itself, through the service's own resolver, before any connection is made.
 */
import { createServer, type Server } from 'node:net';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth } from './support/domains.js';
import { waitFor } from './support/wait-for.js';

const admin = auth(ADMIN_KEY);
const HOOKS = '/api/v1/webhooks';
const ACCOUNT = '7a1b2c3d-0000-4000-8000-0000000000cc';

describe('webhooks: no server-side request forgery', () => {
  let dns: TestDnsServer;
  let t: TestApp;
  /** a TCP listener on loopback that counts connections: none may ever come */
  let listener: Server;
  let connections = 0;
  let port: number;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', WEBHOOK_RETRY_SCHEDULE: '0,60' } });
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
    await new Promise((resolve) => listener?.close(resolve));
  });

  const create = (url: string) => t.http.post(HOOKS).set(admin).send({ url, events: ['*'], accountIds: [ACCOUNT] });

  it.each([
    ['loopback', 'https://127.0.0.1/hooks', "url's host 127.0.0.1 is a loopback address"],
    ['10/8', 'https://10.0.0.1/hooks', "url's host 10.0.0.1 is a private address"],
    ['192.168/16', 'https://192.168.10.20:8443/hooks', "url's host 192.168.10.20 is a private address"],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/', "url's host 169.254.169.254 is a cloud metadata address"],
    ['[::1]', 'https://[::1]:8443/hooks', "url's host ::1 is a loopback address"],
    ['CGNAT', 'https://100.64.1.2/hooks', "url's host 100.64.1.2 is a carrier-grade NAT (CGNAT) address"],
    ['an IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hooks', "url's host ::ffff:7f00:1 is a loopback address"],
    ['a decimal loopback', 'https://2130706433/hooks', "url's host 127.0.0.1 is a loopback address"],
    ['an IPv4-compatible loopback', 'https://[::127.0.0.1]/hooks', "url's host ::7f00:1 is an IPv4-compatible address of 127.0.0.1, a loopback address"],
    ['a NAT64 form of the metadata address', 'https://[64:ff9b::169.254.169.254]/hooks', "url's host 64:ff9b::a9fe:a9fe is a NAT64 address of 169.254.169.254, a cloud metadata address"],
    ['a 6to4 form of a private address', 'https://[2002:c0a8:101::1]/hooks', "url's host 2002:c0a8:101::1 is a 6to4 address of 192.168.1.1, a private address"],
    ['a Teredo address', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks', "url's host 2001:0:4136:e378:8000:63bf:3fff:fdd2 is a Teredo address (2001::/32)"],
    ['localhost', 'https://localhost:8443/hooks', "url's host localhost is this machine (a localhost name)"],
    ['http://', 'http://hooks.example.com/hooks', 'url must be an https:// URL (http:// is refused unless WEBHOOK_ALLOW_HTTP=true)'],
    ['credentials', 'https://user:secret@hooks.example.com/hooks', 'url must not contain credentials (user:password@): authenticate deliveries by their signature'],
  ])('refuses %s at creation, naming why', async (_, url, why) => {
    const res = await create(url).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: why, field: 'url' });
  });

  it('refuses a name that resolves to 127.0.0.1, or to a private address beside a public one (through DNS_SERVERS)', async () => {
    dns.set('loop.example.test', 'A', '127.0.0.1');
    expect((await create('https://loop.example.test/hooks').expect(400)).body.detail).toBe("url's host loop.example.test resolves to 127.0.0.1, a loopback address");
    dns.set('mixed.example.test', 'A', '93.184.215.14', '10.1.2.3');
    expect((await create('https://mixed.example.test/hooks').expect(400)).body.detail).toBe("url's host mixed.example.test resolves to 10.1.2.3, a private address");
    dns.set('v6.example.test', 'AAAA', '::1');
    expect((await create('https://v6.example.test/hooks').expect(400)).body.detail).toBe("url's host v6.example.test resolves to ::1, a loopback address");
    // an alias to a loopback name is followed
    dns.set('alias.example.test', 'CNAME', 'loop.example.test');
    expect((await create('https://alias.example.test/hooks').expect(400)).body.detail).toBe("url's host alias.example.test resolves to 127.0.0.1, a loopback address");
    // and a PATCH to such a URL is refused the same way
    const made = (await create('https://not-yet.example.test/hooks').expect(201)).body;
    expect((await t.http.patch(`${HOOKS}/${made.id}`).set(admin).send({ url: 'https://loop.example.test/hooks' }).expect(400)).body.detail).toBe(
      "url's host loop.example.test resolves to 127.0.0.1, a loopback address",
    );
    expect(await t.sql('SELECT count(*)::int AS n FROM webhook_endpoints WHERE url LIKE $1', ['%loop.example.test%'])).toEqual([{ n: 0 }]);
  });

  it('refuses a name whose IPv6 address embeds a loopback or private IPv4 address (IPv4-compatible, NAT64, 6to4)', async () => {
    dns.set('compat.example.test', 'AAAA', '::7f00:1');
    expect((await create('https://compat.example.test/hooks').expect(400)).body.detail).toBe("url's host compat.example.test resolves to ::7f00:1, an IPv4-compatible address of 127.0.0.1, a loopback address");
    dns.set('nat64.example.test', 'AAAA', '64:ff9b::a00:1');
    expect((await create('https://nat64.example.test/hooks').expect(400)).body.detail).toBe("url's host nat64.example.test resolves to 64:ff9b::a00:1, a NAT64 address of 10.0.0.1, a private address");
    dns.set('sixtofour.example.test', 'AAAA', '2002:7f00:1::1');
    expect((await create('https://sixtofour.example.test/hooks').expect(400)).body.detail).toBe("url's host sixtofour.example.test resolves to 2002:7f00:1::1, a 6to4 address of 127.0.0.1, a loopback address");
  });

  it('a name that resolves to a loopback address at delivery (DNS rebinding) is refused at the attempt, before any connection', async () => {
    // it does not resolve when the endpoint is made (taken: every delivery checks again)
    const made = (await create(`https://rebind.example.test:${port}/hooks`).expect(201)).body;
    dns.set('rebind.example.test', 'A', '127.0.0.1');
    const tested = await t.http.post(`${HOOKS}/${made.id}/test`).set(admin).expect(200);
    expect(tested.body).toMatchObject({
      status: 'pending',
      attempts: [{ statusCode: null, error: 'refused: rebind.example.test resolves to 127.0.0.1, a loopback address', response: null }],
    });
    // the same for an event of the account, on the schedule
    await t.http.post(`/api/v1/accounts/${ACCOUNT}/domains`).set(admin).send({ domain: 'rebind-event.example.org' }).expect(201);
    const created = await waitFor('the event attempted', async () => {
      const log = (await t.http.get(`${HOOKS}/${made.id}/deliveries?eventType=domain.created`).set(admin).expect(200)).body.items;
      return log[0]?.attempts.length > 0 && log[0];
    });
    expect(created.attempts[0].error).toBe('refused: rebind.example.test resolves to 127.0.0.1, a loopback address');
    expect(connections).toBe(0);
  });
});
