/** The states of an outbox entry (the `state` label of `sds_outbox_entries`). */
export const OUTBOX_STATES = ['pending', 'delivered', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One message for one handler, as written. */
export interface NewOutboxEntry {
  eventId: string;
  handler: string;
  type: string;
  version: number;
  payload: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
}

/** An entry as a claim answers it. */
export interface OutboxEntry extends NewOutboxEntry {
  id: number;
  /** deliveries started, this one included once claimed */
  attempts: number;
}

/** Where one handler's deliveries stand. */
export interface OutboxHandlerState {
  /** entries waiting (new, or to be retried) */
  pending: number;
  /** the last error of a pending entry, if one failed */
  lastError: string | null;
  /** when the last entry was delivered */
  lastDeliveredAt: Date | null;
}

export interface OutboxStats {
  byState: Partial<Record<OutboxState, number>>;
  oldestPendingAt: Date | null;
}

/**
 * Port: the outbox table. Claims are leases taken with FOR UPDATE SKIP LOCKED, as the
 * scheduler's, so several instances share the entries and a killed one strands nothing.
 */
export abstract class OutboxStore {
  /** Writes entries in the current transaction; answers their ids. */
  abstract insert(entries: readonly NewOutboxEntry[]): Promise<number[]>;
  /** Claims pending entries due at `now` (only these ids, when given) that no one holds, until `leaseUntil`. */
  abstract claim(now: Date, limit: number, leaseUntil: Date, ids?: readonly number[]): Promise<OutboxEntry[]>;
  abstract renew(ids: readonly number[], leaseUntil: Date): Promise<void>;
  /** Entries their handlers took: one statement for many (a group commit). */
  abstract delivered(ids: readonly number[], at: Date): Promise<void>;
  /** A failed delivery: tried again at `retryAt`, or dead (`retryAt` null). */
  abstract failed(id: number, error: string, retryAt: Date | null): Promise<void>;
  /** Makes a handler's entries waiting for a retry after a failure due at `now`; answers how many. */
  abstract retryFailedNow(handler: string, now: Date): Promise<number>;
  /** When the earliest pending entry is due (null: none is pending). */
  abstract nextDueAt(): Promise<Date | null>;
  /** Removes delivered entries older than `before`; answers how many. */
  abstract prune(before: Date): Promise<number>;
  abstract stats(): Promise<OutboxStats>;
  abstract handlerState(handler: string): Promise<OutboxHandlerState>;
}
