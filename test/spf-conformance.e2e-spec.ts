/**
 * The OpenSPF RFC 7208 test suite (test/fixtures/rfc7208/, BSD licence), every test of it, through
 * POST /api/v1/spf/evaluations against the in-process DNS server holding each section's zone data
 * (TIMEOUT names time out; type 99 records are served, and never asked for). An explanation of
 * "DEFAULT" is the suite drivers' default text, i.e. none from the domain: the route answers null.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth } from './support/domains.js';
import { loadSuite, publishZone, type SuiteTest } from './support/rfc7208-suite.js';

const suite = loadSuite();

describe('RFC 7208 conformance (the OpenSPF test suite) through the evaluation route', () => {
  let t: TestApp;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '300', DNS_TRIES: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  it('holds the whole suite', () => {
    expect(suite.length).toBe(16);
    expect(suite.flatMap((s) => s.tests).length).toBe(203);
  });

  describe.each(suite.map((section) => [section.description, section] as const))('%s', (_name, section) => {
    beforeAll(() => publishZone(dns, section.zone));

    it.each(section.tests.map((test) => [`${test.name} (${test.spec})`, test] as const))('%s', async (_label, test: SuiteTest) => {
      const res = await t.http.post('/api/v1/spf/evaluations').set(auth(ADMIN_KEY)).send({ ip: test.host, sender: test.mailfrom, helo: test.helo }).expect(200);
      // the result, or one of the results the suite accepts
      expect(test.results).toContain(res.body.result);
      if (test.explanation !== null) expect(res.body.explanation).toBe(test.explanation === 'DEFAULT' ? null : test.explanation);
    });
  });
});
