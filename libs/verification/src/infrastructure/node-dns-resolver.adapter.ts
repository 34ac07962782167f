import { Resolver } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { DnsResolverPort, type DnsLookupResult, type DnsQueryType } from '../domain/dns-resolver.port.js';

export interface NodeDnsResolverOptions {
  /** `ip[:port]` or `[ipv6]:port` entries (see parseDnsServers); none: the system's resolvers. */
  servers?: string[];
  /**
   * Time a server is given to answer a try, in milliseconds. A base rather than a deadline: c-ares
   * adapts it and backs off between tries (observed with c-ares 1.34: 200 ms x 1 try gives up
   * after about 0.4 s, 100 ms x 3 tries after about 1.3 s).
   */
  timeoutMs?: number;
  /** Tries per server before giving up. */
  tries?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_TRIES = 2;

/** node:dns error codes that are a DNS answer's rcode, renamed to the rcode. */
const RCODE_ERRORS: Record<string, string> = { ESERVFAIL: 'SERVFAIL', EREFUSED: 'REFUSED', ETIMEOUT: 'TIMEOUT' };

/**
 * DnsResolverPort on node:dns (c-ares), with a Resolver of its own so its servers and timeouts do
 * not touch the process-wide resolver. Observed c-ares behaviour when the name has a CNAME and
 * another type is asked, from a server that does not follow it (an authoritative one): TXT and MX
 * resolve to an empty list (reported as NODATA), NS fails with ENODATA (NODATA) and SOA fails with
 * EBADRESP (reported as an error). node:dns keeps no cache of its own (a changed record is seen
 * at once, whatever its TTL): memoisation per verification run is RunScopedDnsCache's job.
 */
export class NodeDnsResolver extends DnsResolverPort {
  private readonly resolver: Resolver;

  constructor(options: NodeDnsResolverOptions = {}) {
    super();
    this.resolver = new Resolver({
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      tries: options.tries ?? DEFAULT_TRIES,
    });
    if (options.servers?.length) this.resolver.setServers(options.servers.map(parseDnsServer));
  }

  async lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult> {
    let values: string[];
    try {
      values = await this.query(name, type);
    } catch (error) {
      return toMissingOrError(error);
    }
    // c-ares resolves TXT and MX to [] when the answer holds no record of that type (only a CNAME).
    return values.length > 0 ? { kind: 'answers', values } : { kind: 'missing', reason: 'NODATA' };
  }

  private async query(name: string, type: DnsQueryType): Promise<string[]> {
    switch (type) {
      case 'CNAME':
        return (await this.resolver.resolveCname(name)).map(withoutTrailingDot);
      case 'TXT':
        // One record may be split into several character-strings: RFC 7208 §3.3 joins them as is.
        return (await this.resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
      case 'MX':
        return (await this.resolver.resolveMx(name)).map((mx) => `${mx.priority} ${withoutTrailingDot(mx.exchange)}`);
      case 'NS':
        return (await this.resolver.resolveNs(name)).map(withoutTrailingDot);
      case 'SOA': {
        const soa = await this.resolver.resolveSoa(name);
        const names = [soa.nsname, soa.hostmaster].map(withoutTrailingDot);
        return [[...names, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minttl].join(' ')];
      }
    }
  }
}

/**
 * Parses a comma-separated list of DNS servers (the DNS_SERVERS setting): each entry an IPv4 or
 * IPv6 address with an optional port 1-65535 (`192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1`,
 * `[2001:db8::1]`, `[2001:db8::1]:5353`). Undefined or blank: [] (use the system's resolvers).
 * Returns the entries in the form node:dns setServers expects; throws an Error naming the first
 * invalid entry.
 */
export function parseDnsServers(csv: string | undefined): string[] {
  if (csv === undefined || csv.trim() === '') return [];
  return csv.split(',').map((entry) => parseDnsServer(entry.trim()));
}

/** One entry of parseDnsServers, normalised: bare address, `ipv4:port` or `[ipv6]:port`. */
function parseDnsServer(entry: string): string {
  // A bare IPv6 address may end in what looks like a port (`2001:db8::1:53`): it is an address.
  if (isIPv4(entry) || isIPv6(entry)) return entry;
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed && isIPv6(bracketed[1]!) && (bracketed[2] === undefined || isPort(bracketed[2]))) {
    return bracketed[2] === undefined ? bracketed[1]! : `[${bracketed[1]}]:${Number(bracketed[2])}`;
  }
  const withPort = /^(.+):(\d+)$/.exec(entry);
  if (withPort && isIPv4(withPort[1]!) && isPort(withPort[2]!)) return `${withPort[1]}:${Number(withPort[2])}`;
  throw new Error(
    `Invalid DNS server "${entry}": expected an IPv4 or IPv6 address with an optional port 1-65535, ` +
      'like 192.0.2.1, 192.0.2.1:53, 2001:db8::1 or [2001:db8::1]:53, separated by commas',
  );
}

function isPort(digits: string): boolean {
  return Number(digits) >= 1 && Number(digits) <= 65535;
}

function withoutTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function toMissingOrError(error: unknown): DnsLookupResult {
  // Duck-typed, not `instanceof Error`: errors may come from another realm (Jest's VM contexts).
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'ENOTFOUND') return { kind: 'missing', reason: 'NXDOMAIN' };
  if (code === 'ENODATA') return { kind: 'missing', reason: 'NODATA' };
  return {
    kind: 'error',
    code: typeof code === 'string' ? (RCODE_ERRORS[code] ?? code) : 'UNKNOWN',
    message: typeof message === 'string' ? message : String(error),
  };
}
