import { displayName, dnsLabels, dnsNamesEqual, isAtOrBelow, normalizeDnsName, relativeName } from './dns-names.js';
import { DKIM_HOST } from './testing.js';

describe('dns names', () => {
  it('normalizes case (ASCII only), surrounding space and one final dot', () => {
    expect(normalizeDnsName(' Email.CMTest.nl. ')).toBe('email.cmtest.nl');
    expect(normalizeDnsName('example.com')).toBe('example.com');
    expect(dnsNamesEqual('A.Example.com.', 'a.example.COM')).toBe(true);
    expect(dnsNamesEqual('a.example.com', 'b.example.com')).toBe(false);
  });

  it('splits labels', () => {
    expect(dnsLabels('A.b.C.')).toEqual(['a', 'b', 'c']);
    expect(dnsLabels('.')).toEqual([]);
  });

  it('knows whether a name is in a zone', () => {
    expect(isAtOrBelow(DKIM_HOST, 'example.com')).toBe(true);
    expect(isAtOrBelow('Example.com.', 'example.com')).toBe(true);
    expect(isAtOrBelow('notexample.com', 'example.com')).toBe(false);
  });

  it('gives the name relative to the zone, @ for the apex', () => {
    expect(relativeName(DKIM_HOST, 'example.com')).toBe('cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey');
    expect(relativeName('_dmarc.Example.com', 'example.com.')).toBe('_dmarc');
    expect(relativeName('example.com', 'example.com')).toBe('@');
    expect(relativeName('other.org', 'example.com')).toBe('other.org');
  });

  it('displays a name without the final dot', () => {
    expect(displayName('Example.com.')).toBe('Example.com');
  });
});
