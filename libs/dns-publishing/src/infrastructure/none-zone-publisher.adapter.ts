import { DnsZonePublisher, type PublishReport } from '../domain/dns-zone-publisher.port.js';

/** PROVIDER_ZONE_PUBLISHER=none: nothing is sent; the operator publishes the zone file by hand. */
export class NoneZonePublisher extends DnsZonePublisher {
  readonly kind = 'none' as const;
  readonly target = '';

  async apply(): Promise<PublishReport> {
    return { requests: 0, bytes: 0 };
  }
}
