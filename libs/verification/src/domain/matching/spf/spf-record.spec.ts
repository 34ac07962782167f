import { includeFirst, isSpfRecord, mergeInclude, mergeRecords, parseSpf } from './spf-record.js';

describe('parseSpf', () => {
  it('parses mechanisms with qualifiers and values, and modifiers', () => {
    const parsed = parseSpf('v=spf1 ip4:192.0.2.0/24 -a:mail.example.com/24 mx include:_spf.google.com ?exists:%{i}._spf.example.com ip6:2001:db8::/32 redirect=_spf.example.net exp=explain.%{d}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.terms.map((t) => [t.kind, t.qualifier, t.name, t.value])).toEqual([
      ['mechanism', '+', 'ip4', '192.0.2.0/24'],
      ['mechanism', '-', 'a', 'mail.example.com'],
      ['mechanism', '+', 'mx', ''],
      ['mechanism', '+', 'include', '_spf.google.com'],
      ['mechanism', '?', 'exists', '%{i}._spf.example.com'],
      ['mechanism', '+', 'ip6', '2001:db8::/32'],
      ['modifier', '+', 'redirect', '_spf.example.net'],
      ['modifier', '+', 'exp', 'explain.%{d}'],
    ]);
  });

  it.each([
    ['v=spf1 inclde:_spf.google.com ~all', 1, 'inclde:_spf.google.com', /not an SPF mechanism \(did you mean "include"\?\)/],
    ['v=spf1 include: ~all', 1, 'include:', /needs a domain/],
    ['v=spf1 include _spf.google.com ~all', 1, 'include', /needs a domain: include:example.com/],
    ['v=spf1 ip4:192.0.2.300 -all', 1, 'ip4:192.0.2.300', /not an IPv4 address/],
    ['v=spf1 ip4:192.0.2.0/33 -all', 1, 'ip4:192.0.2.0/33', /longer than \/32/],
    ['v=spf1 ip6:192.0.2.1 -all', 1, 'ip6:192.0.2.1', /not an IPv6 address/],
    ['v=spf1 a:example.com/40 -all', 1, 'a:example.com/40', /longer than \/32/],
    ['v=spf1 -all:x', 1, '-all:x', /"all" takes no value/],
    ['v=spf1 redirect=a.example.com redirect=b.example.com', 2, 'redirect=b.example.com', /only one redirect/],
    ['v=spf1 include:nodot -all', 1, 'include:nodot', /not a domain name/],
    ['v=spf1 ip4:192.0.2.1\t-all', 1, 'ip4:192.0.2.1\t-all', /character SPF does not allow/],
  ])('says where %j breaks: term %i %j', (record, index, term, reason) => {
    const parsed = parseSpf(record);
    expect(parsed).toMatchObject({ ok: false, index, term });
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  it('knows an SPF record: "v=spf1" then a space or the end, any case', () => {
    expect(isSpfRecord('v=spf1 -all')).toBe(true);
    expect(isSpfRecord('V=SPF1')).toBe(true);
    expect(isSpfRecord('v=spf10 -all')).toBe(false);
    expect(isSpfRecord(' v=spf1 -all')).toBe(false);
  });
});

describe('mergeInclude', () => {
  it.each([
    ['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:_spf.google.com include:_spf.email.cmtest.nl ~all'],
    ['v=spf1 ip4:192.0.2.1 -all', 'v=spf1 ip4:192.0.2.1 include:_spf.email.cmtest.nl -all'],
    ['v=spf1 mx redirect=_spf.example.net', 'v=spf1 mx include:_spf.email.cmtest.nl redirect=_spf.example.net'],
    ['v=spf1 mx', 'v=spf1 mx include:_spf.email.cmtest.nl'],
    ['v=spf1 -all include:_spf.email.cmtest.nl', 'v=spf1 include:_spf.email.cmtest.nl -all'],
    ['v=spf1  a   ~all', 'v=spf1 a include:_spf.email.cmtest.nl ~all'],
  ])('merges ours into %j', (record, merged) => {
    expect(mergeInclude(record, '_spf.email.cmtest.nl')).toBe(merged);
  });
});

describe('mergeRecords: every SPF record found, merged with ours', () => {
  it('keeps the first record\'s terms, adds the others\' it lacks, then ours, then the first all', () => {
    expect(mergeRecords(['v=spf1 include:_spf.email.cmtest.nl ~all', 'v=spf1 include:_spf.google.com -all'], '_spf.email.cmtest.nl')).toBe(
      'v=spf1 include:_spf.google.com include:_spf.email.cmtest.nl ~all',
    );
    expect(mergeRecords(['v=spf1 mx a ~all exp=why.example.com', 'v=spf1 a ip4:192.0.2.1 exp=other.example.com redirect=_spf.example.net'], '_spf.email.cmtest.nl')).toBe(
      'v=spf1 mx a ip4:192.0.2.1 include:_spf.email.cmtest.nl ~all exp=why.example.com',
    );
    expect(mergeRecords(['v=spf1 mx redirect=_spf.example.net'], '_spf.email.cmtest.nl')).toBe('v=spf1 mx include:_spf.email.cmtest.nl redirect=_spf.example.net');
  });

  it('includeFirst moves ours ahead of every term', () => {
    expect(includeFirst('v=spf1 -ip4:203.0.113.0/24 include:_spf.email.cmtest.nl ~all', '_spf.email.cmtest.nl')).toBe('v=spf1 include:_spf.email.cmtest.nl -ip4:203.0.113.0/24 ~all');
  });
});
