import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DnsZonePublisher, type ZonePublisherKind } from '../domain/dns-zone-publisher.port.js';

/** Where zone changes go, for operators. */
export interface ZonePublisherView {
  kind: ZonePublisherKind;
  /** `192.0.2.1:53` (rfc2136), the hosted zone id (route53), empty (none); never a secret */
  target: string;
}

/** The configured publisher: its kind and target. */
export class GetZonePublisherQuery extends Query<ZonePublisherView> {}

@QueryHandler(GetZonePublisherQuery)
export class GetZonePublisherHandler implements IQueryHandler<GetZonePublisherQuery, ZonePublisherView> {
  constructor(private readonly publisher: DnsZonePublisher) {}

  async execute(): Promise<ZonePublisherView> {
    return { kind: this.publisher.kind, target: this.publisher.target };
  }
}
