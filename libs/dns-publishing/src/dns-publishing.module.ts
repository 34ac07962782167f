import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplyZoneChangesHandler } from './application/apply-zone-changes.handler.js';
import { GetZonePublisherHandler } from './application/get-zone-publisher.query.js';
import { DnsZonePublisher } from './domain/dns-zone-publisher.port.js';
import { NoneZonePublisher } from './infrastructure/none-zone-publisher.adapter.js';
import { Rfc2136ZonePublisher } from './infrastructure/rfc2136/rfc2136-zone-publisher.adapter.js';
import type { TsigKey } from './infrastructure/rfc2136/tsig-key.js';
import type { ZoneServer } from './infrastructure/rfc2136/zone-server.js';
import { Route53ZonePublisher } from './infrastructure/route53/route53-zone-publisher.adapter.js';

/** PROVIDER_ZONE_PUBLISHER and what it needs. */
export type DnsPublishingOptions =
  | { kind: 'none' }
  | {
      kind: 'rfc2136';
      /** PROVIDER_ZONE_SERVER, read by parseZoneServer */
      server: ZoneServer;
      /** PROVIDER_ZONE_TSIG, read by parseTsigKey */
      tsig: TsigKey;
      /** per wait (connecting, each answer); default 10 s */
      timeoutMs?: number;
    }
  | {
      kind: 'route53';
      /** PROVIDER_ZONE_HOSTED_ZONE_ID */
      hostedZoneId: string;
      /** ROUTE53_ENDPOINT */
      endpoint?: string;
      /** the signing region (Route 53 is global); default us-east-1 */
      region?: string;
      /** how long an apply waits for Route 53 to report its changes INSYNC; default 30 s, 0 not at all */
      syncTimeoutMs?: number;
      /** between those checks; default 2 s */
      pollIntervalMs?: number;
      /** attempts per call, the first included (throttling, 5xx, network errors); default 5 */
      maxAttempts?: number;
      /** per attempt; default 10 s */
      timeoutMs?: number;
    };

function publisher(options: DnsPublishingOptions): DnsZonePublisher {
  switch (options.kind) {
    case 'none':
      return new NoneZonePublisher();
    case 'rfc2136':
      return new Rfc2136ZonePublisher({ server: options.server, tsig: options.tsig, timeoutMs: options.timeoutMs });
    case 'route53':
      return new Route53ZonePublisher(options);
  }
}

/** Closes the publisher's clients when the application stops. */
@Injectable()
class PublisherLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DnsZonePublisher) private readonly publisher: DnsZonePublisher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}

/**
 * "Make these RRsets equal to this" in a DNS zone (global): ApplyZoneChangesCommand and
 * GetZonePublisherQuery, over the DnsZonePublisher port and its adapter for `options.kind`.
 */
@Module({})
export class DnsPublishingModule {
  static forRoot(options: DnsPublishingOptions): DynamicModule {
    return {
      module: DnsPublishingModule,
      global: true,
      imports: [CqrsModule],
      providers: [{ provide: DnsZonePublisher, useFactory: () => publisher(options) }, PublisherLifecycle, ApplyZoneChangesHandler, GetZonePublisherHandler],
    };
  }
}
