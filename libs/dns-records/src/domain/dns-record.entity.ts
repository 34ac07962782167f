import type { RecordPurpose, RecordSpec, RecordType } from './record-profile.js';

/** Per-record verification state (DESIGN.md §3). `unchecked` until the first check. */
export type RecordStatus = 'unchecked' | 'valid' | 'missing' | 'mismatch' | 'error';

export interface DnsRecordState {
  id: number;
  domainId: number;
  position: number;
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

export interface RecordCheckInput {
  status: Exclude<RecordStatus, 'unchecked'>;
  found: string[];
  diagnosis: string | null;
}

/** One DNS record a domain must publish, with what the last check found. */
export class DnsRecord {
  private constructor(private state: DnsRecordState) {}

  static create(domainId: number, position: number, spec: RecordSpec): DnsRecord {
    return new DnsRecord({
      id: 0,
      domainId,
      position,
      ...spec,
      status: 'unchecked',
      isValid: false,
      foundValues: [],
      diagnosis: null,
      lastCheckedAt: null,
    });
  }

  static restore(state: DnsRecordState): DnsRecord {
    return new DnsRecord({ ...state });
  }

  get id(): number {
    return this.state.id;
  }

  snapshot(): Readonly<DnsRecordState> {
    return { ...this.state, foundValues: [...this.state.foundValues] };
  }

  /**
   * Records one check. A DNS `error` (SERVFAIL, timeout) tells nothing about the record: the
   * status says `error`, but `isValid` and the found values keep their last known state.
   * Returns true when `isValid` flipped.
   */
  applyCheck(check: RecordCheckInput, now: Date): boolean {
    const before = this.state.isValid;
    this.state.lastCheckedAt = now;
    this.state.diagnosis = check.diagnosis;
    this.state.status = check.status;
    if (check.status === 'error') return false;
    this.state.foundValues = check.found;
    this.state.isValid = check.status === 'valid';
    return before !== this.state.isValid;
  }
}
