import type { DnsRecordView } from '#dns-records';
import type { DomainView } from '#domains';
import type { RecordPurpose } from '#shared-kernel';

/** The records seed 000 shows: its three CNAMEs (DKIM and return path), whatever else a native registration added. */
const SEED_PURPOSES: readonly RecordPurpose[] = ['dkim', 'returnPath'];
export const seedRecords = (records: readonly DnsRecordView[]) => records.filter((r) => SEED_PURPOSES.includes(r.purpose));

/** ISO 8601 UTC, to the second, as the seed shows timestamps. */
export function isoUtc(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

export function toDnsEntry(record: DnsRecordView) {
  return { host: record.host, type: record.type, value: record.value, isValid: record.isValid };
}

/** A domain in the seed's shape, with its own records (any others are ignored). */
export function toDomainConfig(domain: DomainView, records: readonly DnsRecordView[]) {
  return {
    id: domain.id,
    domain: domain.domain,
    accountId: domain.accountId,
    isValid: domain.isValid,
    createdOn: isoUtc(domain.createdOn),
    modifiedOn: isoUtc(domain.modifiedOn),
    deletedOn: isoUtc(domain.deletedOn),
    dnsRecords: seedRecords(records.filter((r) => r.domainId === domain.id)).map(toDnsEntry),
  };
}

export function toDnsRecordWithId(record: DnsRecordView) {
  return { id: record.id, fromDomain: record.domainId, ...toDnsEntry(record) };
}
