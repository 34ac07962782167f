/**
 * A fact one module announces to others, as a versioned JSON document (never a serialised
 * class): what the outbox stores, and what its handlers receive.
 */
export interface OutboxMessage {
  /** unique per event; handlers are idempotent by it (a status e-mail's Message-ID is made from it) */
  id: string;
  /** `<aggregate>.<fact>`, e.g. `domain.status_changed` */
  type: string;
  /** version of `data`'s shape: a handler reads the versions it knows */
  version: number;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** A message as a handler receives it: which delivery attempt this is (1 for the first). */
export interface OutboxDelivery extends OutboxMessage {
  attempt: number;
}

/**
 * Port: the transactional outbox. `add` writes the messages in the current transaction (it must
 * be called inside `UnitOfWork.run`), one entry for each handler registered for its type; a relay
 * delivers them after commit, at least once, retrying failures with backoff.
 */
export abstract class Outbox {
  abstract add(messages: readonly OutboxMessage[]): Promise<void>;
}

/** A consumer of outbox messages. It must be idempotent by the message id: delivery is at least once. */
export interface OutboxHandler {
  /** stable name, stored with each entry (renaming a handler strands its pending entries) */
  readonly name: string;
  /** the message types it handles */
  readonly types: readonly string[];
  /** Throws to have the delivery retried later; a PermanentFailure ends it at once. */
  handle(message: OutboxDelivery): Promise<void>;
  /**
   * Optional, for a handler whose work costs less done together (one statement for many): the
   * relay hands it every entry of a claim at once instead of one `handle` per entry. Answers, per
   * message in order, undefined (handled) or why it failed (retried later; a PermanentFailure
   * ends it). Throwing fails them all.
   */
  handleMany?(messages: readonly OutboxDelivery[]): Promise<readonly unknown[]>;
  /**
   * True for a handler whose every entry goes to one destination (the provider zone's DNS
   * server): once one of its entries is delivered, the destination works again, so its entries
   * waiting for a retry after a failure are tried at once instead of at the end of their backoff.
   */
  readonly oneDestination?: boolean;
}

/** Where handlers register (at module init), so the outbox knows who receives which type. */
export abstract class OutboxHandlers {
  abstract register(handler: OutboxHandler): void;
}

/** A failure that will not change with time (an SMTP 5xx): the entry is marked dead, not retried. */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}
