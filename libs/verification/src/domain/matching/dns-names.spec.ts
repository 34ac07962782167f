import { displayName, dnsLabels, dnsNamesEqual, isAtOrBelow, namesBetween, normalizeDnsName, parentName, parentZones, relativeName } from './dns-names.js';
import { DKIM_HOST } from './testing.js';

describe('dns names', () => {
  it('normalizes case (ASCII only) and one final dot, and nothing else: never trims what DNS returned', () => {
    expect(normalizeDnsName('Email.CMTest.nl.')).toBe('email.cmtest.nl');
    expect(normalizeDnsName(' Email.CMTest.nl. ')).toBe(' email.cmtest.nl. ');
    expect(dnsNamesEqual('a.example.com ', 'a.example.com')).toBe(false);
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

  it('displays a name without the final dot, quoted when it holds odd characters', () => {
    expect(displayName('Example.com.')).toBe('Example.com');
    expect(displayName('example.com. ')).toBe('"example.com. "');
    expect(displayName('"example.com"')).toBe('"\\"example.com\\""');
  });

  it('lists the names between a zone and a name, and a subdomain\'s parent zones (Public Suffix List)', () => {
    expect(namesBetween(DKIM_HOST, 'example.com')).toEqual(['_domainkey.example.com']);
    expect(namesBetween('a.b.c.example.com', 'example.com')).toEqual(['c.example.com', 'b.c.example.com']);
    expect(namesBetween('x.example.com', 'example.com')).toEqual([]);
    expect(parentZones('mail.eu.example.co.uk')).toEqual(['eu.example.co.uk', 'example.co.uk']);
    expect(parentZones('example.co.uk')).toEqual([]);
    expect(parentName('a.b.c')).toBe('b.c');
  });
});
