import { parseClientAddress, parseIp6, sameNetwork } from './client-address.js';

describe('the client address', () => {
  it('IPv4, and IPv4-mapped IPv6 as IPv4', () => {
    expect(parseClientAddress('192.0.2.3')).toMatchObject({ family: 4, readable: '192.0.2.3', dotted: '192.0.2.3', version: 'in-addr', reverseName: '3.2.0.192.in-addr.arpa' });
    expect(parseClientAddress('::FFFF:1.2.3.4')).toMatchObject({ family: 4, readable: '1.2.3.4' });
  });

  it('IPv6: compressed for %{c}, nibbles for %{i} and the reverse name', () => {
    const v6 = parseClientAddress('CAFE:BABE::1')!;
    expect(v6).toMatchObject({ family: 6, readable: 'cafe:babe::1', version: 'ip6' });
    expect(v6.reverseName).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.E.B.A.B.E.F.A.C.ip6.arpa');
  });

  it('refuses what is not an address: leading zeros, zones, names', () => {
    for (const text of ['192.0.2.03', 'fe80::1%eth0', 'example.com', '1.2.3', '']) expect(parseClientAddress(text)).toBeNull();
  });

  it('reads an IPv4 tail as the groups it stands for (::1.2.3.4 is not ::ffff:1.2.3.4)', () => {
    expect(parseIp6('::1.1.1.1')!.toNormalizedString()).toBe('0:0:0:0:0:0:101:101');
  });

  it('matches within a prefix, never across families', () => {
    const v4 = parseClientAddress('192.0.2.3')!;
    expect(sameNetwork(v4, '192.0.2.0', 24)).toBe(true);
    expect(sameNetwork(v4, '192.0.3.0', 24)).toBe(false);
    expect(sameNetwork(v4, '::ffff:192.0.2.3', 0)).toBe(false);
    expect(sameNetwork(parseClientAddress('DEAF:BABE::CAB:FEE')!, '::1.1.1.1', 0)).toBe(true);
  });
});
