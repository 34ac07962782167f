/** Published after commit when a verification flipped the validity of one or more records. */
export class DomainRecordsChangedEvent {
  constructor(
    readonly domainId: number,
    readonly changes: { recordId: number; host: string; type: string; isValid: boolean; status: string }[],
    readonly occurredAt: Date,
  ) {}
}
