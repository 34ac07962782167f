import { InMemoryDnsResolver } from '../testing.js';
import { firstAddress, MAX_TESTED_ADDRESSES, sendingAddresses } from './sending-addresses.js';

const OURS = '_spf.email.cmtest.nl';

describe('firstAddress', () => {
  it.each([
    ['192.0.2.7/32', '192.0.2.7'],
    ['198.51.100.77/24', '198.51.100.0'],
    ['192.0.2.7', '192.0.2.7'],
    ['2001:db8:7::1/48', '2001:db8:7::'],
    ['2001:db8::7', '2001:db8::7'],
    ['0.0.0.0/0', '0.0.0.0'],
    ['not-an-address/8', null],
    ['192.0.2.0/33', null],
  ])('%s → %s', (range, address) => {
    expect(firstAddress(range)).toBe(address);
  });
});

describe('sendingAddresses', () => {
  it('are the configured ones when there are any', async () => {
    expect(await sendingAddresses(['192.0.2.7/32', '2001:db8::/32'], OURS, new InMemoryDnsResolver())).toEqual({
      kind: 'configured',
      ranges: ['192.0.2.7/32', '2001:db8::/32'],
      addresses: ['192.0.2.7', '2001:db8::'],
      source: 'PROVIDER_SENDING_IPS',
    });
  });

  it('else one address of each +ip4/+ip6 range our include lists, through its includes and redirect (not its exclusions)', async () => {
    const dns = new InMemoryDnsResolver()
      .add(OURS, 'TXT', `v=spf1 ip4:192.0.2.0/24 -ip4:192.0.2.128/25 include:_a.${OURS} redirect=_b.${OURS}`)
      .add(`_a.${OURS}`, 'TXT', 'v=spf1 ip6:2001:db8:7::/48 include:%{d}.x.example.net ~all')
      .add(`_b.${OURS}`, 'TXT', 'v=spf1 ip4:198.51.100.0/24 -all');
    expect(await sendingAddresses([], OURS, dns)).toMatchObject({ kind: 'include', addresses: ['192.0.2.0', '2001:db8:7::', '198.51.100.0'], source: `include:${OURS}` });
  });

  it(`tests at most ${MAX_TESTED_ADDRESSES}`, async () => {
    const ranges = Array.from({ length: 30 }, (_, i) => `ip4:10.0.${i}.0/24`).join(' ');
    const found = await sendingAddresses([], OURS, new InMemoryDnsResolver().add(OURS, 'TXT', `v=spf1 ${ranges} -all`));
    expect(found.kind === 'include' && found.addresses.length).toBe(MAX_TESTED_ADDRESSES);
  });

  it('are unknown when our include cannot be read or lists no range; an error when DNS fails', async () => {
    expect(await sendingAddresses([], OURS, new InMemoryDnsResolver())).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/cannot be read/) });
    expect(await sendingAddresses([], OURS, new InMemoryDnsResolver().add(OURS, 'TXT', 'v=spf1 a mx -all'))).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/lists no ip4: or ip6: range/) });
    expect(await sendingAddresses([], OURS, new InMemoryDnsResolver().fail(OURS, 'TXT'))).toMatchObject({ kind: 'error' });
  });
});
