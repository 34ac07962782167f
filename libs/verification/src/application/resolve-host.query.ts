import { isIP } from 'node:net';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { normalizeDnsName } from '../domain/matching/dns-names.js';
import { follow, MAX_ALIAS_HOPS } from '../domain/matching/follow.js';

/**
 * The addresses of a host name as the service's own resolver (DNS_SERVERS) gives them: A and AAAA
 * asked at once, CNAME chains followed (at most 8 aliases). `missing`: neither type exists (or the
 * name does not); `error`: DNS could not say (a timeout, SERVFAIL, a referral, a loop).
 */
export type HostAddresses =
  | { kind: 'addresses'; addresses: string[] }
  | { kind: 'missing'; reason: string }
  | { kind: 'error'; message: string };

/** For those that connect to a host they were given (webhooks) and must check the address first. */
export class ResolveHostAddressesQuery extends Query<HostAddresses> {
  constructor(readonly host: string) {
    super();
  }
}

@QueryHandler(ResolveHostAddressesQuery)
export class ResolveHostAddressesHandler implements IQueryHandler<ResolveHostAddressesQuery, HostAddresses> {
  constructor(private readonly resolver: DnsResolverPort) {}

  async execute({ host }: ResolveHostAddressesQuery): Promise<HostAddresses> {
    const name = normalizeDnsName(host);
    if (isIP(name)) return { kind: 'addresses', addresses: [name] };
    const [a, aaaa] = await Promise.all([follow(this.resolver, name, 'A'), follow(this.resolver, name, 'AAAA')]);
    const addresses = [...(a.kind === 'answers' ? a.values : []), ...(aaaa.kind === 'answers' ? aaaa.values : [])].filter((v) => isIP(v) !== 0);
    if (addresses.length > 0) return { kind: 'addresses', addresses: [...new Set(addresses)] };
    const failed = [a, aaaa].find((r) => r.kind === 'error' || r.kind === 'loop' || r.kind === 'too-long');
    if (failed?.kind === 'error') return { kind: 'error', message: `${failed.code}: ${failed.message}` };
    if (failed?.kind === 'loop') return { kind: 'error', message: `${name} is an alias chain that loops (${failed.chain.join(' → ')})` };
    if (failed) return { kind: 'error', message: `${name} is an alias chain of more than ${MAX_ALIAS_HOPS} names` };
    const reason = a.kind === 'missing' ? a.reason : 'NODATA';
    return { kind: 'missing', reason: reason === 'NXDOMAIN' ? `${name} does not exist (NXDOMAIN)` : `${name} has no A or AAAA record` };
  }
}
