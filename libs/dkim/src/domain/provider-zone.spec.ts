import { accountRRsets, recordsOf, zoneRRsets, type ProviderZoneSettings } from './provider-zone.js';

const settings: ProviderZoneSettings = {
  zone: 'email.cmtest.nl',
  ttl: 300,
  returnPathMx: [{ priority: 10, host: 'bounces.email.cmtest.nl' }],
  spfInclude: '_spf.email.cmtest.nl',
  sendingIps: ['192.0.2.7/32', '198.51.100.0/24', '2001:db8::/32', '2001:db8::5/128'],
};
const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const keys = [
  { selector: 'cm1' as const, state: 'active' as const, publicKey: 'MIIBIjANBgkqh' },
  { selector: 'cm2' as const, state: 'standby' as const, publicKey: 'MIIBIjANBgkqi' },
];

describe('the provider zone', () => {
  it("an account's keys at the names its customers' CNAMEs point to, and its return-path target", () => {
    expect(recordsOf(accountRRsets(settings, ACCOUNT, keys))).toEqual([
      { host: '903e1cef84b34500a9a5b2ca219f76f5cm1._domainkey.email.cmtest.nl', type: 'TXT', ttl: 300, value: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqh' },
      { host: '903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl', type: 'TXT', ttl: 300, value: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqi' },
      { host: '903e1cef84b34500a9a5b2ca219f76f5.email.cmtest.nl', type: 'MX', ttl: 300, value: '10 bounces.email.cmtest.nl.' },
      { host: '903e1cef84b34500a9a5b2ca219f76f5.email.cmtest.nl', type: 'TXT', ttl: 300, value: 'v=spf1 include:_spf.email.cmtest.nl -all' },
    ]);
  });

  it('a revoked selector publishes an empty key (RFC 6376 §3.6.1)', () => {
    const rrsets = accountRRsets(settings, ACCOUNT, [{ ...keys[0]!, state: 'revoked' }, keys[1]!]);
    expect(rrsets[0]!.values).toEqual(['v=DKIM1; p=']);
  });

  it('without keys (withdrawn), every name of the account leaves the zone', () => {
    const rrsets = accountRRsets(settings, ACCOUNT, []);
    expect(rrsets.map((r) => [r.type, r.values])).toEqual([['TXT', []], ['TXT', []], ['MX', []], ['TXT', []]]);
  });

  it('the SPF include lists the sending addresses when it lies inside the zone', () => {
    expect(zoneRRsets(settings)).toEqual([{ name: '_spf.email.cmtest.nl', type: 'TXT', ttl: 300, values: ['v=spf1 ip4:192.0.2.7 ip4:198.51.100.0/24 ip6:2001:db8::/32 ip6:2001:db8::5 -all'] }]);
    expect(zoneRRsets({ ...settings, spfInclude: '_spf.example.net' })).toEqual([]);
    expect(zoneRRsets({ ...settings, sendingIps: [] })).toEqual([]);
  });
});
