export interface RunOptions {
  /**
   * The work's result is what the current request answers: when the request keeps its answer
   * (an Idempotency-Key, see RequestAnswers), the answer rendered from this result is stored in
   * the same transaction, so it commits with the change or not at all.
   */
  answersRequest?: boolean;
}

/**
 * Port: runs work in one database transaction. Repositories used inside `run` join it, across
 * modules (registering a domain stores the domain and its records atomically). Nested calls join
 * the outer transaction. A transaction that PostgreSQL aborts to break a deadlock or a
 * serialisation conflict is run again from the start (a few times, then the error goes up):
 * `work` must therefore read what it changes inside, and change nothing outside the database
 * before it returns (use `afterCommit`).
 */
export abstract class UnitOfWork {
  abstract run<T>(work: () => Promise<T>, options?: RunOptions): Promise<T>;

  /**
   * Runs `effect` once the current transaction has committed (at once when there is none); it is
   * dropped if the transaction rolls back.
   */
  abstract afterCommit(effect: () => void): void;
}
