/**
 * Port: runs work in one database transaction. Repositories used inside `run` join it, across
 * modules (registering a domain stores the domain and its records atomically). Nested calls join
 * the outer transaction.
 */
export abstract class UnitOfWork {
  abstract run<T>(work: () => Promise<T>): Promise<T>;

  /**
   * Runs `effect` once the current transaction has committed (at once when there is none); it is
   * dropped if the transaction rolls back. Used to publish domain events after commit.
   */
  abstract afterCommit(effect: () => void): void;
}
