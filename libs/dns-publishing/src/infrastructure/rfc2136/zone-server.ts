import { isIPv4, isIPv6 } from 'node:net';

/** The primary server of the zone, where UPDATE messages go (over TCP). */
export interface ZoneServer {
  host: string;
  port: number;
}

const isPort = (digits: string) => /^\d{1,5}$/.test(digits) && Number(digits) >= 1 && Number(digits) <= 65535;

/**
 * Parses PROVIDER_ZONE_SERVER, `ip[:port]`: an IPv4 address or an IPv6 address (bracketed when a
 * port follows: `[2001:db8::1]:53`), port 53 unless given. A bare IPv6 address ending in what looks
 * like a port (`2001:db8::1:53`) is an address. Throws an Error saying what is accepted.
 */
export function parseZoneServer(text: string): ZoneServer {
  const entry = typeof text === 'string' ? text.trim() : '';
  if (isIPv4(entry) || isIPv6(entry)) return { host: entry, port: 53 };
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed && isIPv6(bracketed[1]!) && (bracketed[2] === undefined || isPort(bracketed[2]))) {
    return { host: bracketed[1]!, port: bracketed[2] === undefined ? 53 : Number(bracketed[2]) };
  }
  const withPort = /^(.+):(\d+)$/.exec(entry);
  if (withPort && isIPv4(withPort[1]!) && isPort(withPort[2]!)) return { host: withPort[1]!, port: Number(withPort[2]) };
  throw new Error(
    `"${entry}" is not a DNS server address: expected an IPv4 or IPv6 address with an optional port 1-65535 ` +
      '(53 when left out), like 192.0.2.1, 192.0.2.1:53, 2001:db8::1 or [2001:db8::1]:53',
  );
}

/** `192.0.2.1:53`, `[2001:db8::1]:53`: how operators read the target. */
export function formatZoneServer(server: ZoneServer): string {
  return isIPv6(server.host) ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
