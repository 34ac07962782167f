import { formatZoneServer, parseZoneServer } from './zone-server.js';

describe('parseZoneServer', () => {
  it.each([
    ['192.0.2.1', { host: '192.0.2.1', port: 53 }, '192.0.2.1:53'],
    [' 192.0.2.1:5353 ', { host: '192.0.2.1', port: 5353 }, '192.0.2.1:5353'],
    ['2001:db8::1', { host: '2001:db8::1', port: 53 }, '[2001:db8::1]:53'],
    ['2001:db8::1:53', { host: '2001:db8::1:53', port: 53 }, '[2001:db8::1:53]:53'],
    ['[2001:db8::1]', { host: '2001:db8::1', port: 53 }, '[2001:db8::1]:53'],
    ['[::1]:5300', { host: '::1', port: 5300 }, '[::1]:5300'],
  ])('reads %s', (text, server, target) => {
    expect(parseZoneServer(text)).toEqual(server);
    expect(formatZoneServer(server)).toBe(target);
  });

  it.each(['', 'ns1.example.net', '192.0.2.1:0', '192.0.2.1:65536', '192.0.2.1:53x', '[192.0.2.1]:53', '[2001:db8::1]:', '2001:db8::1]:53', '300.0.2.1'])(
    'refuses "%s" saying what it takes',
    (text) => {
      expect(() => parseZoneServer(text)).toThrow(/expected an IPv4 or IPv6 address with an optional port 1-65535/);
    },
  );
});
