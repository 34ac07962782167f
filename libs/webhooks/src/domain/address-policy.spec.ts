import { addressRefusal } from './address-policy.js';

describe('addressRefusal: where a webhook may go', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['fd12:3456::1', 'a private (unique local) address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT (CGNAT) address'],
    ['224.0.0.251', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'the unspecified address'],
    ['::', 'the unspecified address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['192.0.2.1', 'a reserved address'],
  ])('refuses %s: %s', (address, words) => {
    expect(addressRefusal(address)).toBe(`${address} is ${words}`);
  });

  describe('IPv6 forms that carry an IPv4 address: named by the IPv4 address when it is refused itself, refused as such otherwise', () => {
    it.each([
      // IPv4-compatible (::/96, deprecated): what the URL parser makes of [::127.0.0.1]
      ['::7f00:1', 'an IPv4-compatible address of 127.0.0.1, a loopback address'],
      ['::127.0.0.1', 'an IPv4-compatible address of 127.0.0.1, a loopback address'],
      ['::a00:1', 'an IPv4-compatible address of 10.0.0.1, a private address'],
      ['::a9fe:a9fe', 'an IPv4-compatible address of 169.254.169.254, a cloud metadata address'],
      ['::2', 'an IPv4-compatible address of 0.0.0.2, the unspecified address'],
      ['::808:808', 'an IPv4-compatible address (::/96, deprecated)'],
      ['::8.8.8.8', 'an IPv4-compatible address (::/96, deprecated)'],
      // IPv4-translated (SIIT)
      ['::ffff:0:7f00:1', 'an IPv4-translated address of 127.0.0.1, a loopback address'],
      ['::ffff:0:808:808', 'an IPv4-translated address (::ffff:0:0:0/96)'],
      // NAT64, the well-known prefix and the local-use one
      ['64:ff9b::7f00:1', 'a NAT64 address of 127.0.0.1, a loopback address'],
      ['64:ff9b::127.0.0.1', 'a NAT64 address of 127.0.0.1, a loopback address'],
      ['64:ff9b::c0a8:101', 'a NAT64 address of 192.168.1.1, a private address'],
      ['64:ff9b::a9fe:a9fe', 'a NAT64 address of 169.254.169.254, a cloud metadata address'],
      ['64:ff9b::808:808', 'a NAT64 address (64:ff9b::/96)'],
      ['64:ff9b:1::a00:1', 'a local-use NAT64 address (64:ff9b:1::/48)'],
      // 6to4: the IPv4 address in bits 16-47
      ['2002:7f00:1::1', 'a 6to4 address of 127.0.0.1, a loopback address'],
      ['2002:c0a8:101::1', 'a 6to4 address of 192.168.1.1, a private address'],
      ['2002:808:808::1', 'a 6to4 address (2002::/16)'],
      // Teredo
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a Teredo address (2001::/32)'],
      ['2001::1', 'a Teredo address (2001::/32)'],
    ])('refuses %s: %s', (address, words) => {
      expect(addressRefusal(address)).toBe(`${address} is ${words}`);
    });

    it('an IPv4-mapped address is judged as its IPv4 address, the unspecified and loopback addresses as themselves', () => {
      expect(addressRefusal('::ffff:7f00:1')).toBe('::ffff:7f00:1 is a loopback address');
      expect(addressRefusal('::ffff:a00:1')).toBe('::ffff:a00:1 is a private address');
      expect(addressRefusal('::ffff:808:808')).toBeNull();
      expect(addressRefusal('::')).toBe(':: is the unspecified address');
      expect(addressRefusal('::1')).toBe('::1 is a loopback address');
    });
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.215.14'])('allows the public address %s', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it('says so when given something that is not an address', () => {
    expect(addressRefusal('example.com')).toBe('example.com is not an IP address');
  });
});
