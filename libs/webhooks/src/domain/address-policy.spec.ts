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
    ['64:ff9b::7f00:1', 'a special-purpose address (rfc6052)'],
    ['192.0.2.1', 'a reserved address'],
  ])('refuses %s: %s', (address, words) => {
    expect(addressRefusal(address)).toBe(`${address} is ${words}`);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.215.14'])('allows the public address %s', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it('says so when given something that is not an address', () => {
    expect(addressRefusal('example.com')).toBe('example.com is not an IP address');
  });
});
