import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { type ServedKey, servedKey } from '../domain/provider-keys.js';

/** What DNS (DNS_SERVERS) serves at a DKIM key's name, against the key record expected there. */
export class CheckServedKeyQuery extends Query<ServedKey> {
  constructor(
    readonly host: string,
    readonly txt: string,
  ) {
    super();
  }
}

@QueryHandler(CheckServedKeyQuery)
export class CheckServedKeyHandler implements IQueryHandler<CheckServedKeyQuery, ServedKey> {
  constructor(private readonly resolver: DnsResolverPort) {}

  async execute({ host, txt }: CheckServedKeyQuery): Promise<ServedKey> {
    return servedKey(txt, await this.resolver.lookup(host, 'TXT'));
  }
}
