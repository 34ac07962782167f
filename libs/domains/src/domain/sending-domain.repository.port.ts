import type { AccountScope } from '#shared-kernel';
import type { SendingDomain } from './sending-domain.entity.js';

/** Port: persistence of SendingDomain aggregates. Only live (not deleted) domains are found. */
export abstract class SendingDomainRepository {
  /** Reserves the id of a domain about to be registered. */
  abstract nextId(): Promise<number>;
  /** Inserts a new domain; throws DOMAIN_EXISTS if the account already has this name live. */
  abstract insert(domain: SendingDomain): Promise<void>;
  /** Saves changes; throws CONCURRENT_MODIFICATION if the stored version moved on. */
  abstract update(domain: SendingDomain): Promise<void>;
  abstract findById(id: number, scope: AccountScope, options?: { lock?: boolean }): Promise<SendingDomain | null>;
  abstract findByName(accountId: string, name: string): Promise<SendingDomain | null>;
  /** Whether the account has a live domain of this name (no entity read). */
  abstract nameTaken(accountId: string, name: string): Promise<boolean>;
  /** Live domains with these ids (any account), in id order; `lock`: FOR UPDATE, in id order so batches never deadlock. */
  abstract findManyByIds(ids: readonly number[], options?: { lock?: boolean }): Promise<SendingDomain[]>;
  /** Stores what verifications change (state, counters, schedule, provider view) of many domains in one statement, and ends their claims. */
  abstract updateVerifications(domains: readonly SendingDomain[]): Promise<void>;
  /**
   * Claims up to `limit` live domains whose next check is due, skipping rows other instances
   * hold, and leases them until `leaseUntil` so no other instance claims them meanwhile.
   */
  abstract claimDue(now: Date, limit: number, leaseUntil: Date): Promise<number[]>;

  /** Extends the lease of claimed domains still held (a verified domain's lease is already gone). */
  abstract renewLeases(ids: readonly number[], leaseUntil: Date): Promise<void>;

  /** Gives claimed domains back at once (their check was never started), for any instance to take. */
  abstract releaseLeases(ids: readonly number[]): Promise<void>;
  /**
   * Serialises the changes of an account's default domain until the transaction ends. Take it
   * before locking any domain row of the account (one lock order, no deadlock).
   */
  abstract lockAccount(accountId: string): Promise<void>;
  /** A domain by id, deleted ones included (to release its provider identity). */
  abstract findAnyById(id: number, options?: { lock?: boolean }): Promise<SendingDomain | null>;
  /** Live registrations other than `exceptId` that may use the identity of `name` at `provider` (any region). */
  abstract countIdentityUsers(name: string, provider: string, exceptId: number): Promise<number>;
  /** Claims deleted domains whose provider identity is still to remove, leased like `claimDue`. */
  abstract claimReleases(now: Date, limit: number, leaseUntil: Date): Promise<number[]>;
  /**
   * Locks, in id order, the rows a switch of the account's default touches: this domain and the
   * current default (FOR UPDATE), so the switch takes its row locks in the order every other
   * writer does. Inside the account's lock.
   */
  abstract lockForDefaultSwitch(accountId: string, domainId: number): Promise<void>;
  /** The account's default domain (other than `exceptId`; at most one), to unmark it through the aggregate, inside the account's lock. */
  abstract findDefaults(accountId: string, exceptId: number, options?: { lock?: boolean }): Promise<SendingDomain[]>;
}
