/** A stored answer to a request made with an Idempotency-Key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** What the store knows of a key when a request arrives. */
export type KeyClaim =
  | { kind: 'claimed'; claim: string } // first use (or the last run's lease is over): this run holds it
  | { kind: 'replay'; fingerprint: string; answer: StoredAnswer }
  | { kind: 'in-progress'; fingerprint: string };

/**
 * Port: keys per API key (`owner`), each with the request's fingerprint and, once answered, the
 * answer. A key is kept `ttlMs` after its first use. A run's hold on a key (`claim`) is a lease:
 * renewed while the request runs; once over, the next request with the key runs instead.
 */
export abstract class IdempotencyStore {
  /** Claims `key` for a request with this fingerprint until `leaseUntil`, or says what the key already holds. */
  abstract claim(owner: string, key: string, fingerprint: string, now: Date, ttlMs: number, leaseUntil: Date): Promise<KeyClaim>;
  /** Extends the lease of a claim still held. */
  abstract renew(owner: string, key: string, claim: string, leaseUntil: Date): Promise<void>;
  /**
   * Stores the answer of a claimed key (in the current transaction, if any). Throws
   * IDEMPOTENCY_IN_PROGRESS when the claim is no longer this run's (its lease ran out and a retry
   * took the key): that transaction must not commit.
   */
  abstract complete(owner: string, key: string, claim: string, answer: StoredAnswer): Promise<void>;
  /** Gives a claimed key up (the request failed in a way worth retrying). */
  abstract release(owner: string, key: string, claim: string): Promise<void>;
  /** Removes keys past their time; returns how many. */
  abstract purge(now: Date): Promise<number>;
}
