import type { RRset } from './rrset.js';

/** Where zone changes go: nowhere, a DNS server by RFC 2136 UPDATE, or a Route 53 hosted zone. */
export const ZONE_PUBLISHER_KINDS = ['none', 'rfc2136', 'route53'] as const;
export type ZonePublisherKind = (typeof ZONE_PUBLISHER_KINDS)[number];

/** What one apply sent: UPDATE messages (RFC 2136) or ChangeResourceRecordSets calls (Route 53), and their size. */
export interface PublishReport {
  requests: number;
  /** bytes of the UPDATE messages; characters of the Route 53 values */
  bytes: number;
  /** Route 53 changes accepted but not yet INSYNC on all its servers when the apply ended */
  pending?: number;
}

/**
 * Port: makes RRsets of a zone equal to what is given ("make these RRsets equal to this"), each
 * whole: the RRset's records are replaced by the given values, an empty list deletes it, and no
 * other name or type in the zone is touched. Idempotent. Takes RRsets checked by
 * normaliseZoneChange. Throws ZonePublishError.
 */
export abstract class DnsZonePublisher {
  abstract readonly kind: ZonePublisherKind;
  /** where it publishes, for operators (`192.0.2.1:53`, a hosted zone id; empty for none): never a secret */
  abstract readonly target: string;

  abstract apply(zone: string, rrsets: readonly RRset[]): Promise<PublishReport>;

  /** Releases connections and clients; the publisher is not used afterwards. */
  async close(): Promise<void> {}
}
