import { checkRecord } from '../check-record.js';
import { withMatchingContext } from '../matching-context.js';
import type { ExpectedRecord } from '../record-check.js';
import { DOMAIN, InMemoryDnsResolver } from '../testing.js';
import { walkSpf } from './spf-evaluator.js';
import { parseSpf } from './spf-record.js';

const OURS = '_spf.email.cmtest.nl';
const SPF: ExpectedRecord = { purpose: 'spf', host: DOMAIN, type: 'TXT', value: `v=spf1 include:${OURS} ~all` };

async function walk(dns: InMemoryDnsResolver, record: string) {
  const parsed = parseSpf(record);
  if (!parsed.ok) throw new Error(parsed.reason);
  return walkSpf(dns, DOMAIN, parsed.terms, OURS);
}

describe('walkSpf: an SPF record walked in evaluation order', () => {
  let dns: InMemoryDnsResolver;
  beforeEach(() => {
    dns = new InMemoryDnsResolver()
      .add('_spf.google.com', 'TXT', 'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com ~all')
      .add('_netblocks.google.com', 'TXT', 'v=spf1 ip4:35.190.247.0/24 ~all')
      .add('_netblocks2.google.com', 'TXT', 'v=spf1 ip6:2001:4860:4000::/36 ~all')
      .add('example.com', 'A', '192.0.2.1')
      .add('example.com', 'MX', '10 mx.example.com')
      .add('wrapper.example.net', 'TXT', `v=spf1 include:${OURS} -all`)
      .add('redirected.example.net', 'TXT', `v=spf1 ip4:192.0.2.0/24 include:${OURS} -all`);
  });

  it.each([
    ['ours, directly', `v=spf1 include:${OURS} ~all`, { reached: true, lookups: 1, voidLookups: 0, via: [] }],
    ['ours after others, counting nested includes', `v=spf1 include:_spf.google.com include:${OURS} ~all`, { reached: true, lookups: 4 }],
    ['ours through a nested include', 'v=spf1 include:wrapper.example.net ~all', { reached: true, lookups: 2, via: ['include:wrapper.example.net'] }],
    ['ours through a redirect', 'v=spf1 a redirect=redirected.example.net', { reached: true, lookups: 3, via: ['redirect:redirected.example.net'] }],
    ['a redirect ignored when there is an all', `v=spf1 -all redirect=redirected.example.net`, { reached: false, lookups: 0 }],
    ['ours after all: never reached, and costing nothing', `v=spf1 -all include:${OURS}`, { reached: false, afterAll: true, lookups: 0 }],
    ['no all: the default result is neutral', `v=spf1 include:${OURS}`, { reached: true, noAll: true }],
    ['not ours at all', 'v=spf1 include:_spf.google.com ~all', { reached: false, lookups: 3 }],
    ['a and mx counted, and found', `v=spf1 a mx include:${OURS} ~all`, { reached: true, lookups: 3, voidLookups: 0 }],
    ['macros left unexpanded but counted', `v=spf1 exists:%{i}._spf.%{d} a:%{d} include:${OURS} ~all`, { reached: true, lookups: 3, voidLookups: 0 }],
    ['ptr counted', `v=spf1 ptr include:${OURS} ~all`, { reached: true, lookups: 2 }],
    ['ip4, ip6 and all cost no lookup', `v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 include:${OURS} ~all`, { reached: true, lookups: 1 }],
  ] as const)('%s', async (_what, record, expected) => {
    expect(await walk(dns, record)).toMatchObject({ permerror: null, temperror: null, ...expected });
  });

  it('counts void lookups and calls more than two a permanent error', async () => {
    const result = await walk(dns, `v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com include:${OURS} ~all`);
    expect(result).toMatchObject({ voidLookups: 3, reached: true });
    expect(result.permerror).toMatch(/3 of its DNS lookups find nothing, over the limit of 2/);
  });

  it('calls more than 10 lookups, counted through includes, a permanent error with the count', async () => {
    const record = `v=spf1 include:_spf.google.com ${Array.from({ length: 8 }, () => 'a').join(' ')} include:${OURS} ~all`;
    const result = await walk(dns, record);
    expect(result.lookups).toBeGreaterThan(10);
    expect(result.permerror).toMatch(/needs \d+ DNS lookups .* over the limit of 10/);
  });

  it('calls an include loop a permanent error, and ends', async () => {
    dns.add('loop-a.example.net', 'TXT', 'v=spf1 include:loop-b.example.net -all').add('loop-b.example.net', 'TXT', 'v=spf1 include:loop-a.example.net -all');
    expect((await walk(dns, 'v=spf1 include:loop-a.example.net -all')).permerror).toMatch(/loop \(example\.com → loop-a\.example\.net → loop-b\.example\.net → loop-a\.example\.net\)/);
  });

  it('calls an include of a domain without SPF a permanent error (and a void lookup)', async () => {
    const result = await walk(dns, `v=spf1 include:nothing.example.net include:${OURS} -all`);
    expect(result).toMatchObject({ voidLookups: 1 });
    expect(result.permerror).toMatch(/include:nothing\.example\.net names a domain without an SPF record/);
  });

  it('calls a DNS error on an include a temporary error', async () => {
    dns.fail('_spf.google.com', 'TXT', 'SERVFAIL');
    expect((await walk(dns, `v=spf1 include:_spf.google.com include:${OURS} ~all`)).temperror).toMatch(/SERVFAIL/);
  });
});

describe('the SPF check of a domain', () => {
  const check = (dns: InMemoryDnsResolver) => checkRecord(SPF, DOMAIN, dns);

  it('is valid with ours reached, and reports the lookups', async () => {
    const result = await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`, 'google-site-verification=abc'));
    expect(result).toMatchObject({ status: 'valid', diagnosis: null, details: { lookups: 1, voidLookups: 0, includesOurs: true } });
  });

  it('is missing without any SPF record, and suggests ours', async () => {
    expect(await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', 'google-site-verification=abc'))).toMatchObject({
      status: 'missing',
      suggestedValue: SPF.value,
      diagnosis: `There is no SPF record at example.com. Publish a TXT record at example.com with the value "${SPF.value}".`,
    });
  });

  it('merges ours into the customer\'s record, so they replace one record instead of adding a second', async () => {
    const result = await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', 'v=spf1 include:_spf.google.com ~all').add('_spf.google.com', 'TXT', 'v=spf1 ip4:35.190.247.0/24 ~all'));
    expect(result).toMatchObject({ status: 'mismatch', suggestedValue: `v=spf1 include:_spf.google.com include:${OURS} ~all` });
    expect(result.diagnosis).toMatch(/does not include include:_spf\.email\.cmtest\.nl, .*\(one SPF record only: do not add a second one\)/);
  });

  it('calls two SPF records a mismatch and says to merge them', async () => {
    const result = await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`, 'v=spf1 include:_spf.google.com ~all'));
    expect(result).toMatchObject({ status: 'mismatch' });
    expect(result.diagnosis).toMatch(/^There are 2 SPF records/);
  });

  it('says where a record breaks', async () => {
    const result = await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ip4:1.2.3 ~all`));
    expect(result).toMatchObject({ status: 'mismatch' });
    expect(result.diagnosis).toBe('The SPF record at example.com is invalid at its term 2, "ip4:1.2.3": "1.2.3" is not an IPv4 address. Until it is fixed every SPF check of example.com fails with a permanent error.');
  });

  it('names a record that is not recognised as SPF because of a leading space or quotes', async () => {
    const result = await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', ` v=spf1 include:${OURS} ~all`));
    expect(result).toMatchObject({ status: 'missing' });
    expect(result.diagnosis).toMatch(/does not start with "v=spf1" \(it has a space before it\)/);
  });

  it('names ours after "all"', async () => {
    const result = await check(new InMemoryDnsResolver().add(DOMAIN, 'TXT', `v=spf1 -all include:${OURS}`));
    expect(result.diagnosis).toMatch(/after its "all" term, where receivers stop reading/);
  });

  it('names a record published at _spf. instead of the domain', async () => {
    const result = await check(new InMemoryDnsResolver().add(`_spf.${DOMAIN}`, 'TXT', `v=spf1 include:${OURS} ~all`));
    expect(result.diagnosis).toMatch(/published at _spf\.example\.com instead of example\.com/);
  });

  it('is an error when DNS fails, never missing', async () => {
    expect((await check(new InMemoryDnsResolver().fail(DOMAIN, 'TXT'))).status).toBe('error');
  });
});

describe('the SPF check by evaluation, for the addresses we send from', () => {
  const within = (sendingIps: string[], dns: InMemoryDnsResolver) => withMatchingContext({ sendingIps, provider: 'builtin', records: [SPF] }, () => checkRecord(SPF, DOMAIN, dns));
  const ours = () => new InMemoryDnsResolver().add(OURS, 'TXT', 'v=spf1 ip4:203.0.113.0/24 -all');

  it('is valid when each address gets pass, and reports the result per address', async () => {
    const result = await within(['203.0.113.7/32'], ours().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`));
    expect(result).toMatchObject({
      status: 'valid',
      diagnosis: null,
      details: { addressesFrom: 'PROVIDER_SENDING_IPS', addresses: [{ address: '203.0.113.7', result: 'pass', mechanism: `include:${OURS}`, decidedIn: DOMAIN, lookups: 1 }] },
    });
  });

  it('names a term before our include that fails our address, and suggests our include first', async () => {
    const result = await within(['203.0.113.7/32'], ours().add(DOMAIN, 'TXT', `v=spf1 -ip4:203.0.113.0/24 include:${OURS} ~all`));
    expect(result).toMatchObject({ status: 'mismatch', suggestedValue: `v=spf1 include:${OURS} -ip4:203.0.113.0/24 ~all` });
    expect(result.diagnosis).toBe(
      `"-ip4:203.0.113.0/24" comes before include:${OURS} in the SPF record at example.com and gives our 203.0.113.7 "fail": receivers stop at the first term that matches. Remove it, or move include:${OURS} before it.`,
    );
  });

  it('says when our own include does not list an address (nothing for the customer to change)', async () => {
    const result = await within(['198.51.100.9/32'], ours().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`));
    expect(result.status).toBe('mismatch');
    expect(result.diagnosis).toMatch(/^include:_spf\.email\.cmtest\.nl does not give our 198\.51\.100\.9 "pass" and "~all" then gives "softfail": our own SPF policy does not list it yet/);
  });

  it('without our include: the result and the term for each address, and the merged record', async () => {
    const result = await within(['203.0.113.7/32', '203.0.113.8/32'], ours().add(DOMAIN, 'TXT', 'v=spf1 include:_spf.google.com ~all').add('_spf.google.com', 'TXT', 'v=spf1 ip4:35.190.247.0/24 ~all'));
    expect(result).toMatchObject({ status: 'mismatch', suggestedValue: `v=spf1 include:_spf.google.com include:${OURS} ~all` });
    expect(result.diagnosis).toBe(
      `"~all" gives our 203.0.113.7 and 203.0.113.8 "softfail". The SPF record at example.com does not include include:${OURS}, so receivers do not accept our servers for example.com. Replace the record with "v=spf1 include:_spf.google.com include:${OURS} ~all" (one SPF record only: do not add a second one).`,
    );
  });

  it('names the default result of a record without "all"', async () => {
    const result = await within(['203.0.113.7/32'], ours().add(DOMAIN, 'TXT', 'v=spf1 ip4:198.51.100.0/24'));
    expect(result.diagnosis).toMatch(/^No term of the SPF record at example\.com matches our 203\.0\.113\.7, and it has no "all", so receivers give it the default result, "neutral"\./);
  });

  it('takes the addresses from our include\'s policy when none are configured, and walks when that says nothing', async () => {
    const fromInclude = await within([], ours().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`));
    expect(fromInclude.details).toMatchObject({ addressesFrom: `include:${OURS}`, addresses: [{ address: '203.0.113.0', result: 'pass' }] });
    const walked = await within([], new InMemoryDnsResolver().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`));
    expect(walked).toMatchObject({ status: 'valid', details: { addressesFrom: null, evaluation: expect.stringMatching(/so the record was walked for include:_spf\.email\.cmtest\.nl instead/) } });
  });

  it('is an error (nothing concluded) when DNS fails while evaluating, or while reading our include', async () => {
    const failing = await within(['203.0.113.7/32'], ours().add(DOMAIN, 'TXT', `v=spf1 exists:%{i}.bl.example.net include:${OURS} ~all`).fail('203.0.113.7.bl.example.net', 'A'));
    expect(failing).toMatchObject({ status: 'error', found: [] });
    expect(failing.diagnosis).toMatch(/could not be evaluated to the end for 203\.0\.113\.7: DNS could not be asked for the A records of 203\.0\.113\.7\.bl\.example\.net \(SERVFAIL\)/);
    const include = await within([], new InMemoryDnsResolver().add(DOMAIN, 'TXT', `v=spf1 include:${OURS} ~all`).fail(OURS, 'TXT'));
    expect(include.status).toBe('error');
  });
});
