// Public face of the dns-publishing module: its Nest module and options, its command and query,
// their types, its error, and the parsers of its settings.
export { DnsPublishingModule, type DnsPublishingOptions } from './dns-publishing.module.js';
export { ApplyZoneChangesCommand } from './application/apply-zone-changes.command.js';
export { GetZonePublisherQuery, type ZonePublisherView } from './application/get-zone-publisher.query.js';
export { RRSET_TYPES, type RRset, type RRsetType } from './domain/rrset.js';
export { ZONE_PUBLISHER_KINDS, type ZonePublisherKind } from './domain/dns-zone-publisher.port.js';
export { ZonePublishError } from './domain/zone-publish-error.js';
export { parseTsigKey, TSIG_ALGORITHMS, type TsigAlgorithm, TsigKey } from './infrastructure/rfc2136/tsig-key.js';
export { parseZoneServer, type ZoneServer } from './infrastructure/rfc2136/zone-server.js';
