import { Resolver } from 'node:dns';
import { isIPv4, isIPv6 } from 'node:net';

/** One DNS server to ask. */
export interface DnsServer {
  host: string;
  port: number;
  family: 4 | 6;
}

/**
 * Parses a comma-separated list of DNS servers (the DNS_SERVERS setting): each entry an IPv4 or
 * IPv6 address with an optional port 1-65535 (`192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1`,
 * `[2001:db8::1]`, `[2001:db8::1]:5353`). Undefined or blank: [] (use the system's resolvers).
 * Returns the entries normalised (`ip`, `ip:port`, `[ipv6]:port`); throws an Error naming the
 * first invalid entry.
 */
export function parseDnsServers(csv: string | undefined): string[] {
  if (csv === undefined || csv.trim() === '') return [];
  return csv.split(',').map((entry) => formatDnsServer(toDnsServer(entry.trim())));
}

/** One entry of parseDnsServers as host, port and family. */
export function toDnsServer(entry: string): DnsServer {
  // A bare IPv6 address may end in what looks like a port (`2001:db8::1:53`): it is an address.
  if (isIPv4(entry)) return { host: entry, port: 53, family: 4 };
  if (isIPv6(entry)) return { host: entry, port: 53, family: 6 };
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed && isIPv6(bracketed[1]!) && (bracketed[2] === undefined || isPort(bracketed[2]))) {
    return { host: bracketed[1]!, port: bracketed[2] === undefined ? 53 : Number(bracketed[2]), family: 6 };
  }
  const withPort = /^(.+):(\d+)$/.exec(entry);
  if (withPort && isIPv4(withPort[1]!) && isPort(withPort[2]!)) return { host: withPort[1]!, port: Number(withPort[2]), family: 4 };
  throw new Error(
    `Invalid DNS server "${entry}": expected an IPv4 or IPv6 address with an optional port 1-65535, ` +
      'like 192.0.2.1, 192.0.2.1:53, 2001:db8::1 or [2001:db8::1]:53, separated by commas',
  );
}

function formatDnsServer(server: DnsServer): string {
  if (server.port === 53) return server.host;
  return server.family === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

function isPort(digits: string): boolean {
  return Number(digits) >= 1 && Number(digits) <= 65535;
}

/** The system's resolvers (from /etc/resolv.conf, as node:dns reads them). */
export function systemDnsServers(): DnsServer[] {
  return new Resolver().getServers().map(toDnsServer);
}
