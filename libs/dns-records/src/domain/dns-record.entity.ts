import type { RecordCheckStatus, RecordPurpose, RecordStatus, RecordType } from '#shared-kernel';
import type { RecordSpec } from './record-profile.js';

export interface DnsRecordState {
  id: number;
  domainId: number;
  accountId: string;
  position: number;
  purpose: RecordPurpose;
  type: RecordType;
  host: string;
  value: string;
  /** MX preference; null for other types */
  priority: number | null;
  required: boolean;
  status: RecordStatus;
  isValid: boolean;
  foundValues: string[];
  diagnosis: string | null;
  /** what to publish instead, when the customer's own record needs merging (SPF) */
  suggestedValue: string | null;
  /** what the check measured (SPF lookups, DMARC policy…) */
  details: Record<string, unknown> | null;
  lastCheckedAt: Date | null;
  /** checks run on this record (DNS errors included) */
  checkAttempts: number;
  /** since when it has been valid; null while it is not */
  verifiedAt: Date | null;
  createdAt: Date;
}

/** What one verification run found for one record. */
export interface RecordCheckInput {
  status: RecordCheckStatus;
  found: string[];
  diagnosis: string | null;
  suggestedValue?: string | null;
  details?: Record<string, unknown> | null;
}

/** One DNS record a domain must publish, with what the last check found. */
export class DnsRecord {
  private constructor(private state: DnsRecordState) {}

  static create(domainId: number, accountId: string, position: number, spec: RecordSpec, now: Date): DnsRecord {
    return new DnsRecord({
      id: 0,
      domainId,
      accountId,
      position,
      purpose: spec.purpose,
      type: spec.type,
      host: spec.host,
      value: spec.value,
      priority: spec.priority ?? null,
      required: spec.required,
      status: 'unchecked',
      isValid: false,
      foundValues: [],
      diagnosis: null,
      suggestedValue: null,
      details: null,
      lastCheckedAt: null,
      checkAttempts: 0,
      verifiedAt: null,
      createdAt: now,
    });
  }

  static restore(state: DnsRecordState): DnsRecord {
    return new DnsRecord({ ...state });
  }

  get id(): number {
    return this.state.id;
  }

  get domainId(): number {
    return this.state.domainId;
  }

  /** True when this record is the one `spec` describes (same kind, name and value). */
  matches(spec: RecordSpec): boolean {
    const s = this.state;
    return s.purpose === spec.purpose && s.type === spec.type && s.host === spec.host && s.value === spec.value && s.priority === (spec.priority ?? null);
  }

  /** Moves the record to another position in the profile's order. */
  placeAt(position: number): void {
    this.state.position = position;
  }

  snapshot(): Readonly<DnsRecordState> {
    return { ...this.state, foundValues: [...this.state.foundValues] };
  }

  /**
   * Records one check. A DNS `error` (SERVFAIL, timeout) tells nothing about the record: the
   * status says `error`, but `isValid`, the found values and the suggestion keep their last known
   * state. Returns true when `isValid` flipped.
   */
  applyCheck(check: RecordCheckInput, now: Date): boolean {
    const before = this.state.isValid;
    this.state.lastCheckedAt = now;
    this.state.checkAttempts += 1;
    this.state.diagnosis = check.diagnosis;
    this.state.status = check.status;
    if (check.status === 'error') return false;
    this.state.foundValues = check.found;
    this.state.isValid = check.status === 'valid';
    this.state.suggestedValue = check.suggestedValue ?? null;
    this.state.details = check.details ?? null;
    if (this.state.isValid && !before) this.state.verifiedAt = now;
    if (!this.state.isValid) this.state.verifiedAt = null;
    return before !== this.state.isValid;
  }
}
