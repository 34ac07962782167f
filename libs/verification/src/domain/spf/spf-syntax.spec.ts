import { domainSpecProblem, isSpfRecord, parseSpf, tokenizeMacroString } from './spf-syntax.js';

const terms = (record: string) => {
  const parsed = parseSpf(record);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.terms.map((t) => [t.qualifier, t.name, t.value, t.cidr4, t.cidr6]);
};

describe('parseSpf: the RFC 7208 grammar, whole record first', () => {
  it('reads every mechanism with both prefix lengths, and the modifiers, any case', () => {
    expect(terms('v=spf1 A/24//64 MX:%{d}//97 ?mx:%%%_/.Clara.de/27 Ip4:192.0.2.0/24 ip6:2001:DB8::/32 ptr:Example.com -EXISTS:%{i}._spf.%{d} ~include:_spf.example.net +all REDIRECT=x.example.com exp=why.%{d} moo.cow-far_out=man:dog/cat')).toEqual([
      ['+', 'a', '', 24, 64],
      ['+', 'mx', '%{d}', null, 97],
      ['?', 'mx', '%%%_/.Clara.de', 27, null],
      ['+', 'ip4', '192.0.2.0/24', 24, null],
      ['+', 'ip6', '2001:DB8::/32', null, 32],
      ['+', 'ptr', 'Example.com', null, null],
      ['-', 'exists', '%{i}._spf.%{d}', null, null],
      ['~', 'include', '_spf.example.net', null, null],
      ['+', 'all', '', null, null],
      ['+', 'redirect', 'x.example.com', null, null],
      ['+', 'exp', 'why.%{d}', null, null],
      ['+', 'moo.cow-far_out', 'man:dog/cat', null, null],
    ]);
  });

  it('takes a "/" inside a domain-spec: the prefix length is only ever at the end', () => {
    expect(terms('v=spf1 a:foo:bar/baz.example.com')).toEqual([['+', 'a', 'foo:bar/baz.example.com', null, null]]);
  });

  it.each([
    ['v=spf1 ip4:1.2.3.4 -all moo', 'moo', /not an SPF mechanism/],
    ['v=spf1 -all.', '-all.', /"all" takes no value/],
    ['v=spf1 ptr/0 -all', 'ptr/0', /takes no prefix length/],
    ['v=spf1 a/33', 'a/33', /longer than \/32/],
    ['v=spf1 a//129', 'a//129', /longer than \/\/128/],
    ['v=spf1 ip4:1.2.3.4/032', 'ip4:1.2.3.4/032', /not a prefix length/],
    ['v=spf1 ip4:1.2.03.4', 'ip4:1.2.03.4', /leading zero/],
    ['v=spf1 ip4:1.2.3.4//32', 'ip4:1.2.3.4//32', /not an IPv4 address/],
    ['v=spf1 ip6::CAFE::BABE', 'ip6::CAFE::BABE', /not an IPv6 address/],
    ['v=spf1 include:ip5.example.com/24', 'include:ip5.example.com/24', /not a domain name/],
    ['v=spf1 a:museum.', 'a:museum.', /not a domain name/],
    ['v=spf1 a:abc.123', 'a:abc.123', /not a domain name/],
    ['v=spf1 a:example.-com', 'a:example.-com', /not a domain name/],
    ['v=spf1 exists', 'exists', /needs a domain/],
    ['v=spf1 redirect:t2.example.com', 'redirect:t2.example.com', /not an SPF mechanism/],
    ['v=spf1 =all', '=all', /not an SPF mechanism/],
    ['v=spf1 exp= -all', 'exp=', /needs a domain after "="/],
    ['v=spf1 exp=a.example.com exp=b.example.com', 'exp=b.example.com', /only one exp=/],
    ['v=spf1 -all foo=%abc', 'foo=%abc', /not a valid modifier value/],
    ['v=spf1 -all exp=%{r}.example.com', 'exp=%{r}.example.com', /only allowed in explanation text/],
    ['v=spf1 -exists:%(ir).sbl.example.com', '-exists:%(ir).sbl.example.com', /must be followed by "\{"/],
    ['v=spf1 a:%{a}.example.com', 'a:%{a}.example.com', /not a macro letter/],
    ['v=spf1 a:%{d0}.example.com', 'a:%{d0}.example.com', /positive number/],
    ['v=spf1 a:ctrl.example.com\rptr -all', 'a:ctrl.example.com\rptr', /control character U\+000D/],
    ['v=spf1 a:\u00efgarbage.example.net -all', 'a:\u00efgarbage.example.net', /outside 7-bit ASCII/],
  ])('refuses %j at %j', (record, term, reason) => {
    const parsed = parseSpf(record);
    expect(parsed).toMatchObject({ ok: false, term });
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  it('allows spaces between and after terms, and a version in any case', () => {
    expect(terms('v=spf1 a  -all ')).toEqual([
      ['+', 'a', '', null, null],
      ['-', 'all', '', null, null],
    ]);
    expect(isSpfRecord('V=sPf1 +all')).toBe(true);
    expect(isSpfRecord('v=spf10')).toBe(false);
  });
});

describe('macro strings', () => {
  it('splits literals, escapes and macros with their transformers', () => {
    expect(tokenizeMacroString('%{L2r+-}.%%%_%-x')).toEqual({
      ok: true,
      tokens: [
        { kind: 'macro', letter: 'l', upper: true, digits: 2, reverse: true, delimiters: '+-', raw: '%{L2r+-}' },
        { kind: 'literal', text: '.' },
        { kind: 'escape', text: '%' },
        { kind: 'escape', text: ' ' },
        { kind: 'escape', text: '%20' },
        { kind: 'literal', text: 'x' },
      ],
    });
  });

  it('allows spaces and c, r, t in explanations only', () => {
    expect(tokenizeMacroString('%{c} is not %{r}', true).ok).toBe(true);
    expect(tokenizeMacroString('%{c}').ok).toBe(false);
    expect(tokenizeMacroString('a b').ok).toBe(false);
  });

  it('knows a domain-spec by its end: a macro, or a dot and a top label', () => {
    expect(domainSpecProblem('%{d}')).toBeNull();
    expect(domainSpecProblem('%{ir}.%{v}._spf.%{d2}')).toBeNull();
    expect(domainSpecProblem('foo.example.xn--zckzah')).toBeNull();
    expect(domainSpecProblem('mail.example.com.')).toBeNull();
    expect(domainSpecProblem('%{d}.123')).toMatch(/not a domain name/);
    expect(domainSpecProblem('')).toMatch(/needs a domain/);
  });
});
