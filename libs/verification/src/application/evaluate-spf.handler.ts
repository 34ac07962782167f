import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#shared-kernel';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { RunScopedDnsCache } from '../domain/run-scoped-dns-cache.js';
import { checkHost, type SpfEvaluation } from '../domain/spf/check-host.js';
import { parseClientAddress } from '../domain/spf/client-address.js';
import { EvaluateSpfQuery } from './evaluate-spf.query.js';

export const IP_MESSAGE = 'ip must be an IPv4 address (192.0.2.7) or an IPv6 address (2001:db8::7)';

@QueryHandler(EvaluateSpfQuery)
export class EvaluateSpfHandler implements IQueryHandler<EvaluateSpfQuery, SpfEvaluation> {
  constructor(private readonly resolver: DnsResolverPort) {}

  async execute({ ip, sender, helo }: EvaluateSpfQuery): Promise<SpfEvaluation> {
    if (parseClientAddress(ip) === null) throw new DomainError('VALIDATION_FAILED', IP_MESSAGE, { field: 'ip', errors: [{ field: 'ip', message: IP_MESSAGE }] });
    // one evaluation sees one DNS, each name and type asked once, as a receiver's cache would
    return checkHost(new RunScopedDnsCache(this.resolver), { ip, sender, helo });
  }
}
