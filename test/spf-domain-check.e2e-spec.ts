/**
 * The domain's SPF check judged by evaluation (RFC 7208 check_host() for the addresses we send
 * from), end to end: the records of the first paragraph, where walking for our include
 * and evaluating disagree, each with the deciding term named; a DNS error that changes nothing;
 * where the addresses come from (PROVIDER_SENDING_IPS, our include's policy, or neither); the
 * return path evaluated beside its CNAME; DMARC alignment in words; several inbound MX hosts.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, PROVIDER_ZONE, SEED_ACCOUNT } from './support/domains.js';

const admin = auth(ADMIN_KEY);
const API = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;
const OURS = `_spf.${PROVIDER_ZONE}`;
const ACCT = SEED_ACCOUNT.replace(/-/g, '');

type Record = { purpose: string; type: string; host: string; value: string; priority: number | null; status: string; isValid: boolean; diagnosis: string | null; suggestedValue: string | null };
type Domain = { id: number; status: string; dnsRecords: Record[]; checks: { [kind: string]: { status: string; details: { [key: string]: unknown } } } };

async function register(t: TestApp, body: object): Promise<Domain> {
  return (await t.http.post(API).set(admin).send(body).expect(201)).body as Domain;
}
async function verify(t: TestApp, id: number): Promise<Domain> {
  return (await t.http.post(`${API}/${id}/verify`).set(admin).expect(200)).body as Domain;
}
const spfOf = (d: Domain) => d.dnsRecords.find((r) => r.purpose === 'spf')!;

describe('the SPF check by evaluation, with PROVIDER_SENDING_IPS', () => {
  let t: TestApp;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1', PROVIDER_SENDING_IPS: '203.0.113.7, 2001:db8:7::/48', PROVIDER_INBOUND_MX: `10 mx1.${PROVIDER_ZONE},20 mx2.${PROVIDER_ZONE}` } });
    dns.set(OURS, 'TXT', 'v=spf1 ip4:203.0.113.0/24 ip6:2001:db8:7::/48 -all');
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  /** Registers `domain`, publishes its TXT records (a string[] is one record of several strings) and whatever else `publish` adds, verifies. */
  async function checked(domain: string, records: string | (string | string[])[], publish: () => void = () => undefined) {
    const created = await register(t, { domain });
    for (const value of typeof records === 'string' ? [records] : records) dns.add(domain, 'TXT', value);
    publish();
    const verified = await verify(t, created.id);
    return { domain: verified, spf: spfOf(verified), details: verified.checks.spf!.details };
  }

  it('a term before our include that excludes our address: a mismatch naming the term, the address and the result', async () => {
    const { spf, details } = await checked('exclude.example.com', `v=spf1 -ip4:203.0.113.0/24 include:${OURS} ~all`);
    expect(spf).toMatchObject({ status: 'mismatch', isValid: false, suggestedValue: `v=spf1 include:${OURS} -ip4:203.0.113.0/24 ~all` });
    expect(spf.diagnosis).toContain(`"-ip4:203.0.113.0/24" comes before include:${OURS} in the SPF record at exclude.example.com and gives our 203.0.113.7 "fail"`);
    expect(details).toMatchObject({ includesOurs: true, addressesFrom: 'PROVIDER_SENDING_IPS' });
    expect(details.addresses).toEqual([
      { address: '203.0.113.7', result: 'fail', mechanism: '-ip4:203.0.113.0/24', decidedIn: 'exclude.example.com', lookups: 0 },
      { address: '2001:db8:7::', result: 'pass', mechanism: `include:${OURS}`, decidedIn: 'exclude.example.com', lookups: 1 },
    ]);
  });

  it('"mx -all" with our servers as its MX: valid (pass through "mx"), saying it does not go through our include', async () => {
    const { spf, details } = await checked('mx-only.example.com', 'v=spf1 mx -all', () => {
      dns.set('mx-only.example.com', 'MX', { preference: 10, exchange: 'relay.mx-only.example.com' });
      dns.set('relay.mx-only.example.com', 'A', '203.0.113.7');
      dns.set('relay.mx-only.example.com', 'AAAA', '2001:db8:7::');
    });
    expect(spf).toMatchObject({ status: 'valid', isValid: true });
    expect(spf.diagnosis).toMatch(new RegExp(`gives our addresses "pass" through "mx", not through include:${OURS.replace(/\./g, '\\.')}`));
    expect(details.addresses).toEqual([
      { address: '203.0.113.7', result: 'pass', mechanism: 'mx', decidedIn: 'mx-only.example.com', lookups: 1 },
      { address: '2001:db8:7::', result: 'pass', mechanism: 'mx', decidedIn: 'mx-only.example.com', lookups: 1 },
    ]);
  });

  it('a redirect= to a policy that lists our ranges directly: valid, the deciding term in the redirected record', async () => {
    const { spf, details } = await checked('redirected.example.com', 'v=spf1 redirect=_spf.redirected.example.com', () => {
      dns.set('_spf.redirected.example.com', 'TXT', 'v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 ~all');
    });
    expect(spf.status).toBe('valid');
    expect(details.addresses).toEqual([
      { address: '203.0.113.7', result: 'pass', mechanism: 'ip4:203.0.113.0/24', decidedIn: '_spf.redirected.example.com', lookups: 1 },
      { address: '2001:db8:7::', result: 'pass', mechanism: 'ip6:2001:db8::/32', decidedIn: '_spf.redirected.example.com', lookups: 1 },
    ]);
  });

  it('an exists: macro answered for our address only: valid', async () => {
    const { spf, details } = await checked('exists.example.com', 'v=spf1 exists:%{i}._allowed.exists.example.com -all', () => {
      dns.set('203.0.113.7._allowed.exists.example.com', 'A', '127.0.0.2');
      // %{i} of 2001:db8:7:: is its 32 nibbles, dot-separated
      dns.set(`${['2', '0', '0', '1', '0', 'D', 'B', '8', '0', '0', '0', '7', ...Array<string>(20).fill('0')].join('.')}._allowed.exists.example.com`, 'A', '127.0.0.2');
    });
    expect(spf.status).toBe('valid');
    expect((details.addresses as { result: string; mechanism: string }[]).map((a) => [a.result, a.mechanism])).toEqual([
      ['pass', 'exists:%{i}._allowed.exists.example.com'],
      ['pass', 'exists:%{i}._allowed.exists.example.com'],
    ]);
  });

  it('a ptr: our address named back by the domain: valid; another domain\'s: fail, named', async () => {
    const ptr = () => {
      dns.set('7.113.0.203.in-addr.arpa', 'PTR', 'mta7.ptr.example.com');
      dns.set('mta7.ptr.example.com', 'A', '203.0.113.7');
    };
    const { spf } = await checked('ptr.example.com', 'v=spf1 ptr:ptr.example.com ip6:2001:db8:7::/48 -all', ptr);
    expect(spf.status).toBe('valid');
    const other = await checked('other-ptr.example.com', 'v=spf1 ptr:elsewhere.example.net ip6:2001:db8:7::/48 -all', ptr);
    expect(other.spf.status).toBe('mismatch');
    expect(other.spf.diagnosis).toContain('"-all" gives our 203.0.113.7 "fail".');
    expect(other.spf.diagnosis).toContain(`does not include include:${OURS}`);
  });

  it('an include that is void for the names our mail gives it (a macro): permerror, said why', async () => {
    const { spf } = await checked('void-include.example.com', `v=spf1 include:%{d}.senders.example.net include:${OURS} -all`, () => {
      dns.set('other.example.com.senders.example.net', 'TXT', 'v=spf1 ip4:198.51.100.0/24 -all');
    });
    expect(spf.status).toBe('mismatch');
    expect(spf.diagnosis).toBe(
      'The SPF record at void-include.example.com gives our 203.0.113.7 and 2001:db8:7:: a permanent error (permerror) instead of "pass": include:void-include.example.com.senders.example.net names a domain without an SPF record (RFC 7208 §5.2).',
    );
  });

  it('two SPF records: suggestedValue merges every one of them with ours, before the all', async () => {
    const { spf } = await checked('two-records.example.com', [`v=spf1 include:${OURS} ~all`, 'v=spf1 include:_spf.google.com ~all']);
    expect(spf.status).toBe('mismatch');
    expect(spf.suggestedValue).toBe(`v=spf1 include:_spf.google.com include:${OURS} ~all`);
  });

  it('over the lookup limit: the full count the record needs; an include after "all" costs nothing', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `a:h${i}.many.example.com`).join(' '); // 13 lookups with ours
    // one TXT record of two character-strings: together over 255 bytes
    const record = `v=spf1 ${many} include:${OURS} -all include:never.example.net`;
    const { spf, details } = await checked('many.example.com', [[record.slice(0, 200), record.slice(200)]], () => {
      for (let i = 0; i < 12; i++) dns.set(`h${i}.many.example.com`, 'A', '198.51.100.1');
    });
    expect(details.lookups).toBe(13);
    expect(spf).toMatchObject({ status: 'mismatch', suggestedValue: null });
    expect(spf.diagnosis).toBe(
      'The SPF record at many.example.com makes every SPF check fail with a permanent error (permerror): it needs 13 DNS lookups (include, a, mx, ptr, exists and redirect, counted through every include), over the limit of 10. Remove includes you no longer use, or replace some with the ip4:/ip6: ranges they stand for.',
    );
  });

  it('a record without "all" passing our addresses: valid, saying everyone else gets "neutral"', async () => {
    const { spf } = await checked('no-all.example.com', `v=spf1 include:${OURS}`);
    expect(spf.status).toBe('valid');
    expect(spf.diagnosis).toContain('It has no "all" term, so every other sender gets the default result, "neutral"');
  });

  it('a DNS error (temperror) changes nothing: the record stays valid and the check verified', async () => {
    const domain = 'flaky.example.com';
    const first = await checked(domain, `v=spf1 include:_spf.flaky-partner.example.net include:${OURS} ~all`, () => {
      dns.set('_spf.flaky-partner.example.net', 'TXT', 'v=spf1 ip4:198.51.100.0/24 ~all');
    });
    expect(first.spf.status).toBe('valid');
    dns.servfail('_spf.flaky-partner.example.net');
    const again = await verify(t, first.domain.id);
    expect(spfOf(again)).toMatchObject({ status: 'error', isValid: true, diagnosis: expect.stringMatching(/SERVFAIL/) });
    expect(again.checks.spf!.status).toBe('verified');
    dns.healthy('_spf.flaky-partner.example.net');
  });

  it('the return path: its SPF evaluated for our addresses beside the CNAME verdict; DMARC alignment in words', async () => {
    const domain = 'aligned.example.com';
    const created = await register(t, { domain });
    for (const r of created.dnsRecords) {
      if (r.type === 'CNAME') dns.set(r.host, 'CNAME', r.value);
      if (r.purpose === 'spf') dns.set(r.host, 'TXT', r.value);
    }
    dns.set(`${ACCT}.${PROVIDER_ZONE}`, 'TXT', `v=spf1 include:${OURS} ~all`);
    dns.set(`_dmarc.${domain}`, 'TXT', 'V=DMARC1; P=REJECT; ASPF=r');
    const verified = await verify(t, created.id);
    expect(verified.checks.returnPath!.details).toEqual({
      mailFrom: `cm${ACCT}.${domain}`,
      spf: {
        evaluated: true,
        domain: `cm${ACCT}.${domain}`,
        addressesFrom: 'PROVIDER_SENDING_IPS',
        addresses: [
          { address: '203.0.113.7', result: 'pass', mechanism: `include:${OURS}`, decidedIn: `cm${ACCT}.${domain}`, lookups: 1 },
          { address: '2001:db8:7::', result: 'pass', mechanism: `include:${OURS}`, decidedIn: `cm${ACCT}.${domain}`, lookups: 1 },
        ],
        summary: `SPF for the return path cm${ACCT}.${domain} gives "pass" to every address we send from.`,
      },
    });
    // V=DMARC1; P=REJECT is a reject policy: tag names and p= values are case-insensitive
    expect(verified.checks.dmarc).toMatchObject({ status: 'verified', details: { policy: 'reject', effectivePolicy: 'reject' } });
    expect(verified.checks.dmarc!.details.alignment).toEqual({
      spf: 'aligned',
      dkim: 'aligned',
      reason: `SPF aligns: the return path cm${ACCT}.${domain} shares the organisational domain example.com (relaxed, aspf=r). DKIM aligns: we sign with d=${domain} (relaxed, adkim=r).`,
    });

    dns.set(`_dmarc.${domain}`, 'TXT', 'v=DMARC1; p=quarantine; aspf=s; adkim=s');
    const strict = await verify(t, created.id);
    expect(strict.checks.dmarc!.details.alignment).toEqual({
      spf: 'not_aligned',
      dkim: 'aligned',
      reason: `SPF cannot align: aspf=s (strict) needs the MAIL FROM domain to be ${domain} itself, and the return path is cm${ACCT}.${domain}, a subdomain. DKIM alignment still passes, which is enough for DMARC. DKIM aligns: we sign with d=${domain} (strict, adkim=s).`,
    });

    dns.set(`_dmarc.${domain}`, 'TXT', 'v=DMARC1 p=reject');
    const noSemicolon = await verify(t, created.id);
    expect(noSemicolon.dnsRecords.find((r) => r.purpose === 'dmarc')!.diagnosis).toBe(
      `The DMARC record at _dmarc.${domain} is invalid: it is missing the ";" after "v=DMARC1" (tags are separated by semicolons): write "v=DMARC1; p=reject".`,
    );
  });

  it('several inbound MX hosts of ours (PROVIDER_INBOUND_MX): publishing exactly those is valid', async () => {
    const domain = 'receiving.example.com';
    const created = await register(t, { domain, receiving: true });
    const mx = created.dnsRecords.filter((r) => r.purpose === 'mx');
    expect(mx.map((r) => [r.priority, r.value])).toEqual([
      [10, `mx1.${PROVIDER_ZONE}.`],
      [20, `mx2.${PROVIDER_ZONE}.`],
    ]);
    for (const r of mx) dns.add(domain, 'MX', { preference: r.priority!, exchange: r.value });
    const verified = await verify(t, created.id);
    expect(verified.dnsRecords.filter((r) => r.purpose === 'mx').map((r) => [r.status, r.diagnosis])).toEqual([
      ['valid', null],
      ['valid', null],
    ]);
    expect(verified.checks.mx!.status).toBe('verified');
  });
});

describe('where the addresses come from when PROVIDER_SENDING_IPS is unset', () => {
  let t: TestApp;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  it('from our include\'s policy: one address of each range, through its includes', async () => {
    dns.set(OURS, 'TXT', `v=spf1 ip4:192.0.2.0/24 include:_v6.${OURS} -all`);
    dns.set(`_v6.${OURS}`, 'TXT', 'v=spf1 ip6:2001:db8:7::/48 -all');
    const created = await register(t, { domain: 'from-include.example.com' });
    dns.set('from-include.example.com', 'TXT', `v=spf1 -ip4:192.0.2.0/25 include:${OURS} ~all`);
    const verified = await verify(t, created.id);
    expect(verified.checks.spf!.details).toMatchObject({ addressesFrom: `include:${OURS}` });
    expect((verified.checks.spf!.details.addresses as { address: string; result: string }[]).map((a) => [a.address, a.result])).toEqual([
      ['192.0.2.0', 'fail'],
      ['2001:db8:7::', 'pass'],
    ]);
    expect(spfOf(verified).diagnosis).toContain('"-ip4:192.0.2.0/25" comes before');
    dns.remove(OURS);
    dns.remove(`_v6.${OURS}`);
  });

  it('from nothing: today\'s walk for our include, and details say so', async () => {
    const created = await register(t, { domain: 'walked.example.com' });
    dns.set('walked.example.com', 'TXT', `v=spf1 include:${OURS} ~all`);
    const verified = await verify(t, created.id);
    expect(spfOf(verified)).toMatchObject({ status: 'valid', diagnosis: null });
    expect(verified.checks.spf!.details).toEqual({
      record: `v=spf1 include:${OURS} ~all`,
      lookups: 1,
      voidLookups: 0,
      includesOurs: true,
      via: [],
      addressesFrom: null,
      evaluation: `PROVIDER_SENDING_IPS is not set and the SPF policy of include:${OURS} cannot be read (no single valid SPF record there), so the record was walked for include:${OURS} instead of evaluated for our addresses.`,
    });
  });
});
