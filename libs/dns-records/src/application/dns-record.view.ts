import type { DnsRecord, RecordStatus } from '../domain/dns-record.entity.js';
import type { RecordPurpose, RecordType } from '../domain/record-profile.js';

/** What other modules and the API surfaces read about a record. */
export interface DnsRecordView {
  id: number;
  domainId: number;
  purpose: RecordPurpose;
  type: RecordType;
  host: string;
  value: string;
  required: boolean;
  status: RecordStatus;
  isValid: boolean;
  foundValues: string[];
  diagnosis: string | null;
  lastCheckedAt: Date | null;
}

export function toDnsRecordView(record: DnsRecord): DnsRecordView {
  const { position: _position, ...view } = record.snapshot();
  return view;
}
