import { normaliseZoneChange, type RRset } from './rrset.js';
import { ZonePublishError } from './zone-publish-error.js';

const ZONE = 'email.cmtest.nl';
const rr = (overrides: Partial<RRset>): RRset => ({ name: `a.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'], ...overrides });

describe('normaliseZoneChange', () => {
  it('keeps valid RRsets, parses values and drops duplicate values', () => {
    expect(
      normaliseZoneChange(ZONE, [
        rr({ values: ['v=spf1 -all', 'v=spf1 -all', ''] }),
        rr({ type: 'MX', values: ['10 Bounces.Example.NET.', '010 bounces.example.net.', '0 .'] }),
        rr({ name: `c.${ZONE}`, type: 'CNAME', values: ['Target.Example.net.'] }),
        rr({ type: 'A', values: ['192.0.2.1', '198.51.100.255'] }),
        rr({ type: 'AAAA', values: ['2001:DB8:0:0::1', '2001:db8::1', '::ffff:192.0.2.1'] }),
        rr({ name: ZONE, type: 'TXT', values: [] }),
      ]),
    ).toEqual([
      rr({ values: ['v=spf1 -all', ''] }),
      rr({ type: 'MX', values: ['10 bounces.example.net.', '0 .'] }),
      rr({ name: `c.${ZONE}`, type: 'CNAME', values: ['target.example.net.'] }),
      rr({ type: 'A', values: ['192.0.2.1', '198.51.100.255'] }),
      rr({ type: 'AAAA', values: ['2001:db8::1', '::ffff:c000:201'] }),
      rr({ name: ZONE, type: 'TXT', values: [] }),
    ]);
  });

  it('lets the later statement about an RRset win', () => {
    expect(normaliseZoneChange(ZONE, [rr({ values: ['old'] }), rr({ name: `b.${ZONE}` }), rr({ values: ['new'], ttl: 60 })])).toEqual([rr({ name: `b.${ZONE}` }), rr({ values: ['new'], ttl: 60 })]);
  });

  it.each([
    ['a zone with a trailing dot', `${ZONE}.`, rr({}), /zone "email\.cmtest\.nl\." is not a lower-case DNS name/],
    ['an upper-case name', ZONE, rr({ name: `A.${ZONE}` }), /name "A\.email\.cmtest\.nl" is not a lower-case DNS name/],
    ['a name outside the zone', ZONE, rr({ name: 'a.other.example' }), /a\.other\.example is not inside zone email\.cmtest\.nl/],
    ['a name that only ends like the zone', ZONE, rr({ name: `x${ZONE}` }), /is not inside zone/],
    ['a label over 63 characters', ZONE, rr({ name: `${'a'.repeat(64)}.${ZONE}` }), /not a lower-case DNS name/],
    ['another type', ZONE, rr({ type: 'NS' as RRset['type'] }), /type "NS" is not one of TXT, MX, CNAME, A, AAAA/],
    ['a negative TTL', ZONE, rr({ ttl: -1 }), /TTL -1 is not a whole number of seconds/],
    ['a fractional TTL', ZONE, rr({ ttl: 1.5 }), /TTL 1\.5/],
    ['values that are no list', ZONE, rr({ values: 'x' as unknown as string[] }), /values must be a list/],
    ['a bad IPv4 address', ZONE, rr({ type: 'A', values: ['192.0.2.01'] }), /"192\.0\.2\.01" is not an IPv4 address/],
    ['an IPv6 address with a zone index', ZONE, rr({ type: 'AAAA', values: ['fe80::1%eth0'] }), /is not an IPv6 address/],
    ['a CNAME without its final dot', ZONE, rr({ type: 'CNAME', values: ['target.example.net'] }), /not a target name with its final dot/],
    ['two CNAME targets', ZONE, rr({ type: 'CNAME', values: ['a.example.net.', 'b.example.net.'] }), /a CNAME RRset holds one target, got 2/],
    ['an MX without preference', ZONE, rr({ type: 'MX', values: ['bounces.example.net.'] }), /is not "preference host\."/],
    ['an MX without its final dot', ZONE, rr({ type: 'MX', values: ['10 bounces.example.net'] }), /is not "preference host\."/],
    ['an MX preference over 65535', ZONE, rr({ type: 'MX', values: ['65536 bounces.example.net.'] }), /is not "preference host\."/],
  ])('refuses %s', (_, zone, rrset, message) => {
    expect(() => normaliseZoneChange(zone, [rrset])).toThrow(message);
    try {
      normaliseZoneChange(zone, [rrset]);
    } catch (error) {
      expect(error).toBeInstanceOf(ZonePublishError);
      expect(error).toMatchObject({ retryable: false, reason: 'INVALID' });
    }
  });
});
