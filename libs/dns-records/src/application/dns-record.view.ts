import type { DnsRecord, DnsRecordState } from '../domain/dns-record.entity.js';

/** What other modules and the API surfaces read about a record. */
export type DnsRecordView = Omit<DnsRecordState, 'position' | 'accountId'>;

export function toDnsRecordView(record: DnsRecord): DnsRecordView {
  const { position: _position, accountId: _accountId, ...view } = record.snapshot();
  return view;
}
