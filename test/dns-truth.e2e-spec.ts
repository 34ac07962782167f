/**
 * Verification tells the truth about DNS (issue 7), end to end: the seed verify route and the
 * native domain route over the whole application, the wire-format resolver asking an in-process
 * DNS server that answers as an authoritative server or as a recursive resolver. Every verdict
 * below must be the same from both.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, domainRow, expectedRecords, publish, recordRows, registerDomain, SEED_ACCOUNT, verify } from './support/domains.js';

const ACCT = SEED_ACCOUNT.replace(/-/g, '');

describe.each(['authoritative', 'recursive'] as const)('DNS truth, asking a %s server', (role) => {
  let dns: TestDnsServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });
  beforeEach(() => {
    dns.clear();
    dns.role = role;
  });

  const state = async (id: number) => (await t.http.get(`/api/v1/accounts/${SEED_ACCOUNT}/domains/${id}`).set(auth(ADMIN_KEY)).expect(200)).body;
  const verifyNow = async (domain: string) => (await verify(t, ADMIN_KEY, domain).expect(200)).body;

  it('an active domain whose _domainkey is delegated to a dead server stays active through any number of checks', async () => {
    const domain = `delegated-${role}.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, ...records);
    await verifyNow(domain);
    expect((await domainRow(t, domain)).status).toBe('active');

    dns.delegate(`_domainkey.${domain}`, ['ns1.dead-dns.example.net', 'ns2.dead-dns.example.net'], 'dead');
    for (let check = 0; check < 5; check++) {
      await t.http.post(`/api/v1/accounts/${SEED_ACCOUNT}/domains/${id}/verify`).set(auth(ADMIN_KEY)).expect(200);
    }
    const row = await domainRow(t, domain);
    expect(row).toMatchObject({ status: 'active', consecutive_failures: 0 });
    const rows = await recordRows(t, id);
    expect(rows.map((r) => [r.status, r.is_valid])).toEqual([['error', true], ['valid', true], ['error', true]]);
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0].diagnosis).toMatch(role === 'authoritative' ? /refers to ns1\.dead-dns\.example\.net, ns2\.dead-dns\.example\.net, the name servers of _domainkey\./ : /\(SERVFAIL\)/);
  });

  it('never calls a CNAME target with a stray space valid, and names the space', async () => {
    const domain = `space-${role}.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, records[1]!, records[2]!);
    dns.set(records[0]!.host, 'CNAME', `${records[0]!.value.slice(0, -1)} `); // pasted with a trailing space: "\032" in a zone file
    const body = await verifyNow(domain);
    expect(body.dnsEntries.map((e: { isValid: boolean }) => e.isValid)).toEqual([false, true, true]);
    expect((await domainRow(t, domain)).status).toBe('pending');
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0]).toMatchObject({ status: 'mismatch', isValid: false, foundValues: [`${records[0]!.value.slice(0, -1)} `] });
    expect(dnsRecords[0].diagnosis).toMatch(/has a space at its end, which DNS keeps as part of the name/);
  });

  it('calls a two-hop chain ending at our target valid, and shows the chain', async () => {
    const domain = `chain-${role}.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, records[1]!, records[2]!);
    dns.set(records[0]!.host, 'CNAME', `alias.${domain}.`).set(`alias.${domain}`, 'CNAME', records[0]!.value);
    await verifyNow(domain);
    expect((await domainRow(t, domain)).status).toBe('active');
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0]).toMatchObject({ status: 'valid', foundValues: [`alias.${domain}`, records[0]!.value.slice(0, -1)] });
  });

  it('follows a _domainkey DNAME to a sister domain that holds the records', async () => {
    const domain = `dname-${role}.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, records[1]!);
    dns.set(`_domainkey.${domain}`, 'DNAME', '_domainkey.sister.example.net');
    for (const r of [records[0]!, records[2]!]) dns.set(r.host.replace(domain, 'sister.example.net'), 'CNAME', r.value);
    await verifyNow(domain);
    expect((await domainRow(t, domain)).status).toBe('active');
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0].foundValues).toEqual([`cm2${ACCT}._domainkey.sister.example.net`, records[0]!.value.slice(0, -1)]);
  });

  it('calls a CNAME loop a mismatch, quickly, and says so', async () => {
    const domain = `loop-${role}.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, records[1]!, records[2]!);
    dns.set(records[0]!.host, 'CNAME', `a.${domain}`).set(`a.${domain}`, 'CNAME', `b.${domain}`).set(`b.${domain}`, 'CNAME', `a.${domain}`);
    await verifyNow(domain);
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0]).toMatchObject({ status: 'mismatch' });
    expect(dnsRecords[0].diagnosis).toMatch(/goes round in a loop/);
  });

  it.each([
    [
      'a proxied CNAME (Cloudflare addresses)',
      (host: string) => dns.set(host, 'A', '104.16.132.229').set(host, 'AAAA', '2606:4700::6810:84e5'),
      /proxied by Cloudflare\. Set it to "DNS only"/,
    ],
    [
      'a wildcard at the apex catching the host',
      (host: string, domain: string) => {
        // no other _domainkey record, so nothing closer than the apex stops the wildcard (RFC 4592)
        dns.remove(host.replace(/^cm2/, 'cm1'));
        dns.set(`*.${domain}`, 'CNAME', 'parking.example.net');
      },
      /wildcard record \(such as \*\./,
    ],
    [
      'CNAME flattening (our key served as TXT)',
      (host: string, _domain: string, target: string) => {
        dns.set(target, 'TXT', 'v=DKIM1; k=rsa; p=MIIBIjAN');
        dns.set(host, 'TXT', 'v=DKIM1; k=rsa; p=MIIBIjAN');
      },
      /flattens the CNAME/,
    ],
    [
      'the underscore dropped from _domainkey',
      (host: string, _domain: string, target: string) => dns.set(host.replace('._domainkey.', '.domainkey.'), 'CNAME', target),
      /without the underscore of "_domainkey"/,
    ],
  ])('names %s', async (_what, arrange, diagnosis) => {
    const domain = `quirk-${Math.random().toString(36).slice(2, 8)}-${role}.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    dns.set(domain, 'SOA', { mname: 'ns1.example.com', rname: 'hostmaster.example.com' });
    publish(dns, records[1]!, records[2]!);
    arrange(records[0]!.host, domain, records[0]!.value);
    await verifyNow(domain);
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0].isValid).toBe(false);
    expect(dnsRecords[0].diagnosis).toMatch(diagnosis);
  });

  it('names a subdomain\'s records typed as full names into the parent zone', async () => {
    const domain = `news-${role}.parent.example.com`;
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, records[1]!, records[2]!);
    dns.set(`${records[0]!.host}.example.com`, 'CNAME', records[0]!.value);
    await verifyNow(domain);
    const { dnsRecords } = await state(id);
    expect(dnsRecords[0].diagnosis).toMatch(/the full name was entered in the DNS settings of example\.com/);
  });
});

describe('DNS truth: situations only a recursive resolver can see', () => {
  let dns: TestDnsServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });
  beforeEach(() => {
    dns.clear();
    dns.role = 'recursive';
  });

  const diagnosisOf = async (id: number, index: number) =>
    (await t.http.get(`/api/v1/accounts/${SEED_ACCOUNT}/domains/${id}`).set(auth(ADMIN_KEY)).expect(200)).body.dnsRecords[index].diagnosis;

  it('names _domainkey delegated to another DNS host while the CNAMEs were published in the parent', async () => {
    const domain = 'delegated-live.example.com';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, ...records); // in the parent zone...
    dns.delegate(`_domainkey.${domain}`, ['ns1.other-host.example.net'], 'empty'); // ...but _domainkey lives elsewhere, without them
    await verify(t, ADMIN_KEY, domain).expect(200);
    expect(await diagnosisOf(id, 0)).toMatch(/is inside _domainkey\.delegated-live\.example\.com, which is delegated to other name servers \(ns1\.other-host\.example\.net\)/);
  });

  it('names a subdomain that is a zone of its own when its records are not there', async () => {
    const domain = 'mail.own-zone.example.com';
    const records = expectedRecords(SEED_ACCOUNT, domain);
    const { id } = await registerDomain(t, ADMIN_KEY, { domain });
    publish(dns, ...records);
    dns.delegate(domain, ['ns1.mail-host.example.net'], 'empty');
    await verify(t, ADMIN_KEY, domain).expect(200);
    expect(await diagnosisOf(id, 0)).toMatch(/mail\.own-zone\.example\.com is a DNS zone of its own \(its name servers: ns1\.mail-host\.example\.net\)/);
  });
});
