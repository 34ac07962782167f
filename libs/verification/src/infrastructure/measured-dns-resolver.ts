import type { OnApplicationShutdown } from '@nestjs/common';
import type { Telemetry } from '#shared-kernel';
import { type DnsLookupResult, DnsResolverPort, type DnsQueryType } from '../domain/dns-resolver.port.js';
import type { WireDnsResolver } from './wire-dns-resolver.adapter.js';

/** The resolver, with every question's outcome and duration reported; closes its sockets at shutdown. */
export class MeasuredDnsResolver extends DnsResolverPort implements OnApplicationShutdown {
  constructor(
    private readonly inner: WireDnsResolver,
    private readonly telemetry: Telemetry,
  ) {
    super();
  }

  async lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult> {
    const started = performance.now();
    const result = await this.inner.lookup(name, type);
    this.telemetry.dnsQuery(result.kind, (performance.now() - started) / 1000);
    return result;
  }

  onApplicationShutdown(): void {
    this.inner.close();
  }
}
