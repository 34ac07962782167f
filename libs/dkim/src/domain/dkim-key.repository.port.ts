import type { DkimKey } from './dkim-key.js';

/**
 * Port: the accounts' keys. Every change of an account's keys runs in a transaction that takes
 * the account's row first (`lockAccount`), so two registrations racing for an account's first
 * keys make them once, and a publication reads a state no one is changing.
 */
export abstract class DkimKeyRepository {
  /** Creates the account's row if missing and locks it; answers when its keys are to be withdrawn. */
  abstract lockAccount(accountId: string): Promise<{ withdrawAfter: Date | null }>;
  /** Locks the account's row if it exists (a publication); false when the account has no keys (withdrawn). */
  abstract lockExisting(accountId: string): Promise<boolean>;
  abstract keysOf(accountId: string): Promise<DkimKey[]>;
  /** Without locking: whether the account has keys, whether the domain uses them, and a withdrawal planned. */
  abstract usage(accountId: string, domainId: number): Promise<{ hasKeys: boolean; isUser: boolean; withdrawAfter: Date | null }>;
  /** Keys of many accounts, a page at a time, in account order (after `afterAccount`). */
  abstract keysAfter(afterAccount: string | null, accounts: number): Promise<DkimKey[]>;
  abstract insertKeys(keys: readonly DkimKey[]): Promise<void>;
  /** Stores keys as they are now (their state and times, and, for a fresh key in a selector, its material). */
  abstract saveKeys(keys: readonly DkimKey[]): Promise<void>;
  /** Accounts whose active key has signed since before `before`, claimed (SKIP LOCKED) inside the current transaction. */
  abstract dueRotations(before: Date, limit: number): Promise<string[]>;
  /** Accounts with a retiring or revoked key whose time is over (those another transaction holds locked are skipped). */
  abstract dueRenewals(now: Date, limit: number): Promise<string[]>;
  /** Stores keys sealed again (under another key-encryption key). */
  abstract resealed(keys: readonly DkimKey[]): Promise<void>;
  /** Keys not sealed with this key-encryption key, a batch at a time. */
  abstract sealedWithOther(kekId: string, limit: number): Promise<DkimKey[]>;
  abstract addUser(accountId: string, domainId: number, at: Date): Promise<void>;
  /**
   * Makes the domain a user of the account's keys if the account has keys and no withdrawal
   * planned, holding the account's row only in share mode (so the account's domains join side by
   * side, and a release or withdrawal waits, or is waited for); answers false, changing nothing,
   * otherwise.
   */
  abstract joinKept(accountId: string, domainId: number, at: Date): Promise<boolean>;
  /** Removes a domain from the keys' users; answers how many remain. */
  abstract removeUser(accountId: string, domainId: number): Promise<number>;
  abstract setWithdrawal(accountId: string, at: Date | null): Promise<void>;
  /** Accounts whose withdrawal is due, claimed (SKIP LOCKED) inside the current transaction. */
  abstract dueWithdrawals(now: Date, limit: number): Promise<string[]>;
  /** Deletes the account's keys and row (crypto-shredding: no copy of a private key is left). */
  abstract deleteAccount(accountId: string): Promise<void>;
}
