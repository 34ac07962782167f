/** A stored answer to a request made with an Idempotency-Key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** What the store knows of a key when a request arrives. */
export type KeyClaim =
  | { kind: 'claimed' } // first use: the request runs, its answer is stored
  | { kind: 'replay'; fingerprint: string; answer: StoredAnswer }
  | { kind: 'in-progress'; fingerprint: string };

/**
 * Port: keys per API key (`owner`), each with the request's fingerprint and, once answered, the
 * answer. A key is kept `ttlMs` after its first use.
 */
export abstract class IdempotencyStore {
  /** Claims `key` for a request with this fingerprint, or says what the key already holds. */
  abstract claim(owner: string, key: string, fingerprint: string, now: Date, ttlMs: number): Promise<KeyClaim>;
  /** Stores the answer of a claimed key. */
  abstract complete(owner: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Gives a claimed key up (the request failed in a way worth retrying). */
  abstract release(owner: string, key: string): Promise<void>;
  /** Removes keys past their time; returns how many. */
  abstract purge(now: Date): Promise<number>;
}
