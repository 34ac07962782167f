import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, DomainError, Outbox, UnitOfWork } from '#shared-kernel';
import { type DkimKey, sealContext, type Selector, SELECTORS } from '../domain/dkim-key.js';
import { DkimKeyRepository } from '../domain/dkim-key.repository.port.js';
import { keyHost } from '../domain/provider-zone.js';
import { renewalDue, rotate, RotationRefused } from '../domain/rotation.js';
import { accountView, askServed } from './account-dkim.view.js';
import { dkimRotated } from './dkim-messages.js';
import { DkimSettings } from './dkim.settings.js';
import { KeyServing, type ServedKey } from './key-serving.port.js';
import type { AccountDkimView } from './queries/account-dkim.queries.js';
import { zoneChanged } from './zone-messages.js';

const openedKey = (key: DkimKey) => `${key.id}@${key.createdAt.getTime()}`;

/** Decrypted private keys kept in memory per instance, by key id (a rotation makes another key active). */
const CACHE_LIMIT = 10_000;

const generate = promisify(generateKeyPair);

/**
 * The accounts' DKIM keys: made with an account's first built-in domain (exactly once, however
 * many registrations race: under the account's row lock, generated once per instance; the
 * account's later domains join them holding that row only in share mode), withdrawn a while after
 * its last one is gone, and sealed again when the key-encryption key changes. Every
 * change of what the provider zone holds goes to the outbox in the same transaction.
 */
@Injectable()
export class DkimKeys {
  private readonly logger = new Logger('DkimKeys');
  /** key pairs being generated, per account: concurrent first registrations in one instance share one */
  private readonly generating = new Map<string, Promise<DkimKey[]>>();
  /**
   * private keys opened (PKCS#8 PEM), by key id and creation time: a renewal gives a selector's
   * row a new key under the same id, and another instance that opened the old one must not sign
   * with it once that selector is active again
   */
  private readonly opened = new Map<string, string>();

  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly settings: DkimSettings,
    private readonly clock: Clock,
    private readonly serving: KeyServing,
  ) {}

  /** The key that signs for the account, opened (once per key and instance); null when it has none. */
  async activeKey(accountId: string): Promise<{ key: DkimKey; privateKey: string } | null> {
    const key = (await this.repository.keysOf(accountId)).find((k) => k.state === 'active');
    if (!key) return null;
    const cached = openedKey(key);
    let pem = this.opened.get(cached);
    if (!pem) {
      pem = this.settings.encryption.open(key.privateKey, sealContext(key)).toString('utf8');
      if (this.opened.size >= CACHE_LIMIT) this.opened.clear();
      this.opened.set(cached, pem);
    }
    return { key, privateKey: pem };
  }

  /**
   * Rotates the account's keys (see rotate()): refused while the standby key is not served by DNS
   * (signatures made with it would fail), unless it is a revocation of a compromised key, which
   * cannot wait. Publishes the change and announces it (`dkim.rotated`). Answers the account's
   * selectors after it; DNS is asked before the transaction, about the keys as the rotation will
   * leave them (a key's TXT stays the same as it takes over or retires), so the transaction that
   * rotates stores that answer as the request's when it keeps one (an Idempotency-Key).
   */
  async rotate(accountId: string, revoke: boolean): Promise<AccountDkimView> {
    const before = await this.repository.keysOf(accountId);
    if (before.length === 0) throw new DomainError('DKIM_KEYS_NOT_FOUND', 'This account has no DKIM keys (it has no built-in domain)');
    // without a standby there is nothing to ask: the rotation is refused below
    const expected = before.some((k) => k.state === 'standby') ? rotate(before, this.clock.now(), this.settings.retireMs, revoke) : [];
    const served = await askServed(this.serving, this.settings.zone, accountId, expected);
    return this.unitOfWork.run(async () => {
      await this.repository.lockAccount(accountId);
      const keys = await this.repository.keysOf(accountId);
      const standby = keys.find((k) => k.state === 'standby');
      // the standby as DNS served it (one that appeared since was not asked about: not known to be served)
      if (standby && !revoke && served(standby) !== 'published') throw this.standbyNotServed(accountId, standby, served(standby));
      const now = this.clock.now();
      let rotated: DkimKey[];
      try {
        rotated = rotate(keys, now, this.settings.retireMs, revoke);
      } catch (error) {
        if (error instanceof RotationRefused) throw new DomainError('STANDBY_NOT_PUBLISHED', error.message, { reason: error.reason });
        throw error;
      }
      await this.repository.saveKeys(rotated);
      const previous = keys.find((k) => k.state === 'active');
      const active = rotated.find((k) => k.state === 'active')!;
      await this.outbox.add([
        zoneChanged(accountId, now),
        dkimRotated({ accountId, selector: active.selector, previousSelector: previous?.selector ?? null, revoked: revoke, rotatedAt: now.toISOString() }, now),
      ]);
      for (const key of keys) this.opened.delete(openedKey(key));
      this.unitOfWork.afterCommit(() =>
        this.logger.log(`DKIM keys of account ${accountId} rotated: ${active.selector} signs${previous ? `, ${previous.selector} ${revoke ? 'revoked' : 'retiring'}` : ''}`),
      );
      return accountView(accountId, rotated, this.settings, served);
    }, { answersRequest: true });
  }

  private standbyNotServed(accountId: string, standby: DkimKey, served: ServedKey): DomainError {
    const host = keyHost(this.settings.zone, accountId, standby.selector);
    return new DomainError(
      'STANDBY_NOT_PUBLISHED',
      `The standby key (${standby.selector}) is ${served === 'unknown' ? 'not known to be' : 'not'} served at ${host} ${served === 'stale' ? '(another key is)' : ''}`.trim() +
        ': rotating to it now would make every signature fail. Publish the provider zone first.',
      { selector: standby.selector, served },
    );
  }

  /** Rotates the accounts whose active key has signed for DKIM_ROTATION_DAYS (a batch); answers how many. */
  async rotateDue(limit: number): Promise<number> {
    if (this.settings.rotationMs <= 0) return 0;
    const accounts = await this.unitOfWork.run(() => this.repository.dueRotations(new Date(this.clock.now().getTime() - this.settings.rotationMs), limit));
    let rotated = 0;
    for (const accountId of accounts) {
      try {
        await this.rotate(accountId, false);
        rotated++;
      } catch (error) {
        // a standby not served yet: the next tick tries again
        this.logger.warn(`Scheduled rotation of account ${accountId} skipped: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return rotated;
  }

  /**
   * Gives every retiring or revoked selector whose time is over a fresh key, in standby; answers
   * how many accounts. The key pairs are made before each account's transaction (RSA generation
   * takes a while: no account stays locked meanwhile); one renewed by another instance since is
   * left as it is.
   */
  async renewDue(limit: number): Promise<number> {
    const now = this.clock.now();
    const accounts = await this.repository.dueRenewals(now, limit);
    let renewed = 0;
    for (const accountId of accounts) {
      const due = (await this.repository.keysOf(accountId)).filter((k) => renewalDue(k, now));
      const fresh = await Promise.all(due.map(async (key) => ({ ...(await this.freshKey(accountId, key.selector, 'standby')), id: key.id })));
      const saved = await this.unitOfWork.run(async () => {
        await this.repository.lockAccount(accountId);
        const current = await this.repository.keysOf(accountId);
        const still = fresh.filter((f) => current.some((k) => k.id === f.id && renewalDue(k, now)));
        if (still.length === 0) return false;
        await this.repository.saveKeys(still);
        await this.outbox.add([zoneChanged(accountId, now)]);
        return true;
      });
      for (const key of due) this.opened.delete(openedKey(key));
      if (saved) renewed++;
    }
    return renewed;
  }

  /** The account has keys, and `domainId` is one of their users (a withdrawal planned is called off). */
  async ensure(accountId: string, domainId: number): Promise<void> {
    const usage = await this.repository.usage(accountId, domainId);
    if (usage.hasKeys && usage.isUser && !usage.withdrawAfter) return; // (every check asks: most often nothing to do)
    // a new domain of an account with keys (a registration, most often): one statement, and the
    // account's other domains joining at the same time do not wait for each other's commits
    if (usage.hasKeys && !usage.withdrawAfter && (await this.repository.joinKept(accountId, domainId, this.clock.now()))) return;
    const fresh = usage.hasKeys ? [] : await this.generated(accountId);
    await this.unitOfWork.run(async () => {
      const { withdrawAfter } = await this.repository.lockAccount(accountId);
      const now = this.clock.now();
      if ((await this.repository.keysOf(accountId)).length === 0) {
        const keys = fresh.length > 0 ? fresh : await this.generated(accountId); // withdrawn meanwhile
        await this.repository.insertKeys(keys);
        await this.outbox.add([zoneChanged(accountId, now)]);
        this.logger.log(`DKIM keys made for account ${accountId} (${keys.map((k) => `${k.selector} ${k.state}`).join(', ')})`);
      }
      await this.repository.addUser(accountId, domainId, now);
      if (withdrawAfter) await this.repository.setWithdrawal(accountId, null);
    });
  }

  /** `domainId` no longer uses the account's keys; the last one gone, they are withdrawn after DKIM_RETIRE_HOURS. */
  async release(accountId: string, domainId: number): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (!(await this.repository.lockExisting(accountId))) return;
      if ((await this.repository.removeUser(accountId, domainId)) > 0) return;
      await this.repository.setWithdrawal(accountId, new Date(this.clock.now().getTime() + this.settings.retireMs));
    });
  }

  /** Withdraws the keys whose time has come: their names leave the zone, the rows (and private keys) are deleted. */
  async withdrawDue(limit: number): Promise<number> {
    return this.unitOfWork.run(async () => {
      const now = this.clock.now();
      const accounts = await this.repository.dueWithdrawals(now, limit);
      for (const accountId of accounts) await this.repository.deleteAccount(accountId);
      if (accounts.length > 0) {
        await this.outbox.add(accounts.map((a) => zoneChanged(a, now)));
        this.logger.log(`DKIM keys withdrawn for ${accounts.length} accounts without built-in domains`);
      }
      return accounts.length;
    });
  }

  /** Seals again, under the current key-encryption key, every key sealed under a previous one. */
  async resealAll(): Promise<number> {
    const encryption = this.settings.encryption;
    let resealed = 0;
    for (;;) {
      const batch = await this.unitOfWork.run(async () => {
        const keys = await this.repository.sealedWithOther(encryption.currentId, 100);
        const sealed = keys.map((k) => ({ ...k, privateKey: encryption.seal(encryption.open(k.privateKey, sealContext(k)), sealContext(k)) }));
        await this.repository.resealed(sealed);
        return sealed.length;
      });
      resealed += batch;
      if (batch < 100) return resealed;
    }
  }

  private generated(accountId: string): Promise<DkimKey[]> {
    let pending = this.generating.get(accountId);
    if (!pending) {
      pending = this.makeKeys(accountId).finally(() => this.generating.delete(accountId));
      this.generating.set(accountId, pending);
    }
    return pending;
  }

  /** Two fresh key pairs: cm1 active (it signs), cm2 standby (published, ready to take over). */
  private makeKeys(accountId: string): Promise<DkimKey[]> {
    return Promise.all(SELECTORS.map((selector) => this.freshKey(accountId, selector, selector === 'cm1' ? 'active' : 'standby')));
  }

  private async freshKey(accountId: string, selector: Selector, state: 'active' | 'standby'): Promise<DkimKey> {
    const now = this.clock.now();
    const pair = await generate('rsa', { modulusLength: this.settings.keyBits, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return {
      id: randomUUID(),
      accountId,
      selector,
      state,
      algorithm: 'rsa',
      bits: this.settings.keyBits,
      publicKey: pair.publicKey.toString('base64'),
      privateKey: this.settings.encryption.seal(Buffer.from(pair.privateKey, 'utf8'), sealContext({ accountId, selector })),
      createdAt: now,
      activeSince: state === 'active' ? now : null,
      retiresAt: null,
    };
  }
}
