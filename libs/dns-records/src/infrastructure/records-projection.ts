import { fromJson, jsonObject } from '#shared-kernel';
import { type DnsRecordView, toDnsRecordView } from '../application/dns-record.view.js';
import { DnsRecord, type DnsRecordState } from '../domain/dns-record.entity.js';
import { DnsRecordOrmEntity } from './dns-record.orm-entity.js';

/**
 * For read models that answer a domain with its records in one statement (the domains module's
 * lists): the SQL of a domain's records as one JSON array, in profile order, generated from this
 * module's row mapping, and the way back to views. The table and its mapping stay this module's.
 */
export const RecordsProjection = {
  /** A JSON array of the records of the domain whose id `domainId` (an SQL expression) gives. */
  sql(domainId: string): string {
    return `coalesce((SELECT json_agg(${jsonObject(DnsRecordOrmEntity, 'r')} ORDER BY r.position) FROM dns_records r WHERE r.domain_id = ${domainId}), '[]'::json)`;
  },
  views(json: readonly Record<string, unknown>[]): DnsRecordView[] {
    return json.map((r) => toDnsRecordView(DnsRecord.restore(fromJson<DnsRecordState>(DnsRecordOrmEntity, r))));
  },
};
