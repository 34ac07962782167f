import { InMemoryDnsResolver } from '../matching/testing.js';
import { checkHost } from './check-host.js';

const OURS = '_spf.email.cmtest.nl';

function dns(): InMemoryDnsResolver {
  return new InMemoryDnsResolver()
    .add(OURS, 'TXT', 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:7::/48 -all')
    .add('example.com', 'TXT', `v=spf1 include:_spf.google.com include:${OURS} ~all`, 'google-site-verification=abc')
    .add('_spf.google.com', 'TXT', 'v=spf1 ip4:209.85.128.0/17 ~all');
}

describe('checkHost (RFC 7208 check_host())', () => {
  it('pass through an include: the deciding term, the lookups and every term evaluated, in order', async () => {
    expect(await checkHost(dns(), { ip: '192.0.2.7', sender: 'billing@example.com' })).toEqual({
      result: 'pass',
      domain: 'example.com',
      mechanism: `include:${OURS}`,
      decidedIn: 'example.com',
      explanation: null,
      reason: null,
      lookups: 2,
      voidLookups: 0,
      trace: [
        { domain: 'example.com', record: `v=spf1 include:_spf.google.com include:${OURS} ~all`, term: 'include:_spf.google.com', outcome: 'no match: _spf.google.com gives softfail' },
        { domain: '_spf.google.com', record: 'v=spf1 ip4:209.85.128.0/17 ~all', term: 'ip4:209.85.128.0/17', outcome: 'no match' },
        { domain: '_spf.google.com', record: 'v=spf1 ip4:209.85.128.0/17 ~all', term: '~all', outcome: 'matched: softfail' },
        { domain: 'example.com', record: `v=spf1 include:_spf.google.com include:${OURS} ~all`, term: `include:${OURS}`, outcome: `matched: pass (${OURS} gives pass)` },
        { domain: OURS, record: 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:7::/48 -all', term: 'ip4:192.0.2.0/24', outcome: 'matched: pass' },
      ],
    });
  });

  it('a redirect: the redirected record decides, with its own explanation (the first one\'s is dropped)', async () => {
    const d = dns()
      .add('shop.example.com', 'TXT', 'v=spf1 exp=no.example.com redirect=_spf.shop.example.com')
      .add('_spf.shop.example.com', 'TXT', 'v=spf1 a:mail.shop.example.com -all exp=why.shop.example.com')
      .add('mail.shop.example.com', 'A', '198.51.100.2')
      .add('no.example.com', 'TXT', 'not this one')
      .add('why.shop.example.com', 'TXT', '%{i} is not %{d} (asked by %{r} at %{t})');
    const result = await checkHost(d, { ip: '198.51.100.9', sender: 'a@shop.example.com', receiver: 'mx.receiver.example', now: new Date(1_700_000_000_000) });
    expect(result).toMatchObject({ result: 'fail', mechanism: '-all', decidedIn: '_spf.shop.example.com', lookups: 2, explanation: '198.51.100.9 is not _spf.shop.example.com (asked by mx.receiver.example at 1700000000)' });
  });

  it('no explanation but for fail', async () => {
    const d = dns().add('soft.example.com', 'TXT', 'v=spf1 ~all exp=why.example.com').add('why.example.com', 'TXT', 'because');
    expect(await checkHost(d, { ip: '192.0.2.7', sender: 'a@soft.example.com' })).toMatchObject({ result: 'softfail', explanation: null });
  });

  it('none: no SPF record, a name that is not a domain, nothing to check', async () => {
    expect(await checkHost(dns(), { ip: '192.0.2.7', sender: 'a@nothing.example.com' })).toMatchObject({ result: 'none', reason: 'nothing.example.com has no TXT records (NXDOMAIN), so no SPF record' });
    expect(await checkHost(dns(), { ip: '192.0.2.7', sender: 'a@localhost' })).toMatchObject({ result: 'none', trace: [] });
    expect(await checkHost(dns(), { ip: '192.0.2.7' })).toMatchObject({ result: 'none', domain: '' });
  });

  it('the HELO identity: an empty sender is postmaster@<helo>', async () => {
    const d = dns().add('mta.example.com', 'TXT', 'v=spf1 exists:%{l}.%{d}.allowed.example.net -all').add('postmaster.mta.example.com.allowed.example.net', 'A', '127.0.0.2');
    expect(await checkHost(d, { ip: '203.0.113.1', sender: '', helo: 'mta.example.com' })).toMatchObject({ result: 'pass', domain: 'mta.example.com', mechanism: 'exists:%{l}.%{d}.allowed.example.net' });
  });

  it('temperror where DNS fails in a mechanism or at the record; a PTR question that fails only makes ptr not match', async () => {
    expect(await checkHost(dns().fail('example.com', 'TXT'), { ip: '192.0.2.7', sender: 'a@example.com' })).toMatchObject({ result: 'temperror', reason: 'DNS could not be asked for the TXT records of example.com (SERVFAIL)' });
    expect(await checkHost(dns().fail('_spf.google.com', 'TXT'), { ip: '192.0.2.7', sender: 'a@example.com' })).toMatchObject({ result: 'temperror', mechanism: 'include:_spf.google.com' });
    const a = dns().add('a.example.com', 'TXT', 'v=spf1 a:mail.a.example.com -all').fail('mail.a.example.com', 'A', 'TIMEOUT');
    expect(await checkHost(a, { ip: '192.0.2.7', sender: 'a@a.example.com' })).toMatchObject({ result: 'temperror', reason: 'DNS could not be asked for the A records of mail.a.example.com (TIMEOUT)' });
    const thrown = dns().throwOn('example.com', 'TXT', new Error('socket closed'));
    expect(await checkHost(thrown, { ip: '192.0.2.7', sender: 'a@example.com' })).toMatchObject({ result: 'temperror' });
    const ptr = dns().add('p.example.com', 'TXT', 'v=spf1 ptr ?all').fail('7.2.0.192.in-addr.arpa', 'PTR');
    expect(await checkHost(ptr, { ip: '192.0.2.7', sender: 'a@p.example.com' })).toMatchObject({ result: 'neutral', mechanism: '?all' });
  });

  it('permerror: over 10 DNS-querying terms, over 2 void lookups, over 10 MX names, two records, a syntax error anywhere', async () => {
    const d = dns()
      .add('many.example.com', 'TXT', `v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`).join(' ')} -all`)
      .add('void.example.com', 'TXT', 'v=spf1 a:x1.example.com a:x2.example.com a:x3.example.com -all')
      .add('mx.example.com', 'TXT', 'v=spf1 mx -all')
      .add('mx.example.com', 'MX', ...Array.from({ length: 11 }, (_, i) => `${i} m${i}.example.com`))
      .add('two.example.com', 'TXT', 'v=spf1 -all', 'v=spf1 +all')
      .add('late.example.com', 'TXT', `v=spf1 include:${OURS} -all moo`);
    for (let i = 0; i < 11; i++) d.add(`h${i}.example.com`, 'A', '198.51.100.1');
    const ask = (domain: string) => checkHost(d, { ip: '192.0.2.7', sender: `a@${domain}` });
    expect(await ask('many.example.com')).toMatchObject({ result: 'permerror', mechanism: 'a:h10.example.com', lookups: 11 });
    expect(await ask('void.example.com')).toMatchObject({ result: 'permerror', mechanism: 'a:x3.example.com', voidLookups: 3 });
    expect(await ask('mx.example.com')).toMatchObject({ result: 'permerror', reason: expect.stringMatching(/11 MX records, more than the 10/) });
    expect(await ask('two.example.com')).toMatchObject({ result: 'permerror', reason: expect.stringMatching(/2 SPF records/) });
    expect(await ask('late.example.com')).toMatchObject({ result: 'permerror', reason: 'the SPF record of late.example.com is invalid at its term 3, "moo": "moo" is not an SPF mechanism' });
  });

  it('ptr and %{p}: names that lead back to the address, the domain\'s own preferred', async () => {
    const d = dns()
      .add('7.2.0.192.in-addr.arpa', 'PTR', 'mx.other.net', 'mta.example.org')
      .add('mx.other.net', 'A', '192.0.2.7')
      .add('mta.example.org', 'A', '192.0.2.7')
      .add('example.org', 'TXT', 'v=spf1 ptr -all exp=why.example.org')
      .add('example.net', 'TXT', 'v=spf1 -all exp=why.example.org')
      .add('why.example.org', 'TXT', 'connect from %{p}');
    expect(await checkHost(d, { ip: '192.0.2.7', sender: 'a@example.org' })).toMatchObject({ result: 'pass', mechanism: 'ptr' });
    expect(await checkHost(d, { ip: '192.0.2.7', sender: 'a@example.net' })).toMatchObject({ result: 'fail', explanation: 'connect from mx.other.net' });
    expect(await checkHost(d, { ip: '192.0.2.8', sender: 'a@example.net' })).toMatchObject({ result: 'fail', explanation: 'connect from unknown' });
  });

  it('IPv6: ip6 and AAAA, never ip4', async () => {
    const d = dns().add('six.example.com', 'TXT', 'v=spf1 ip4:0.0.0.0/0 a:v6.example.com -all').add('v6.example.com', 'AAAA', '2001:db8::25');
    expect(await checkHost(d, { ip: '2001:db8::25', sender: 'a@six.example.com' })).toMatchObject({ result: 'pass', mechanism: 'a:v6.example.com' });
    expect(await checkHost(dns(), { ip: '2001:db8:7::1', sender: 'a@example.com' })).toMatchObject({ result: 'pass', mechanism: `include:${OURS}` });
  });
});
