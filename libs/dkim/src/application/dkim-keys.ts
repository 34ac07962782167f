import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, Outbox, UnitOfWork } from '#shared-kernel';
import { type DkimKey, sealContext, SELECTORS } from '../domain/dkim-key.js';
import { DkimKeyRepository } from '../domain/dkim-key.repository.port.js';
import { DkimSettings } from './dkim.settings.js';
import { zoneChanged } from './zone-messages.js';

const generate = promisify(generateKeyPair);

/**
 * The accounts' DKIM keys: made with an account's first built-in domain (exactly once, however
 * many registrations race: under the account's row lock, generated once per instance), withdrawn
 * a while after its last one is gone, and sealed again when the key-encryption key changes. Every
 * change of what the provider zone holds goes to the outbox in the same transaction.
 */
@Injectable()
export class DkimKeys {
  private readonly logger = new Logger('DkimKeys');
  /** key pairs being generated, per account: concurrent first registrations in one instance share one */
  private readonly generating = new Map<string, Promise<DkimKey[]>>();

  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly settings: DkimSettings,
    private readonly clock: Clock,
  ) {}

  /** The account has keys, and `domainId` is one of their users (a withdrawal planned is called off). */
  async ensure(accountId: string, domainId: number): Promise<void> {
    const usage = await this.repository.usage(accountId, domainId);
    if (usage.hasKeys && usage.isUser && !usage.withdrawAfter) return; // (every check asks: most often nothing to do)
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
  private async makeKeys(accountId: string): Promise<DkimKey[]> {
    const now = this.clock.now();
    return Promise.all(
      SELECTORS.map(async (selector) => {
        const pair = await generate('rsa', { modulusLength: this.settings.keyBits, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
        const state = selector === 'cm1' ? 'active' : 'standby';
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
        } satisfies DkimKey;
      }),
    );
  }
}
