import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AccountScope, DomainError } from '#shared-kernel';
import { accountLabel, dkimTxt, type DkimKey } from '../../domain/dkim-key.js';
import { DkimKeyRepository } from '../../domain/dkim-key.repository.port.js';
import { keyHost } from '../../domain/provider-zone.js';
import { RotateAccountKeysCommand } from '../commands/rotate-keys.command.js';
import { DkimKeys } from '../dkim-keys.js';
import { DkimSettings } from '../dkim.settings.js';
import { KeyServing } from '../key-serving.port.js';
import { type AccountDkimView, GetAccountDkimQuery, GetSigningKeyQuery, type SigningKey } from './account-dkim.queries.js';

const notFound = () => new DomainError('DKIM_KEYS_NOT_FOUND', 'This account has no DKIM keys (it has no built-in domain)');

async function accountView(accountId: string, keys: readonly DkimKey[], settings: DkimSettings, serving: KeyServing): Promise<AccountDkimView> {
  const selectors = await Promise.all(
    keys.map(async (key) => {
      const dnsName = keyHost(settings.zone, accountId, key.selector);
      const dnsValue = dkimTxt(key);
      return {
        selector: key.selector,
        state: key.state,
        publicKey: key.publicKey,
        dnsName,
        dnsValue,
        bits: key.bits,
        createdAt: key.createdAt,
        activatedAt: key.activeSince,
        retiresAt: key.retiresAt,
        publishedInDns: await serving.served(dnsName, dnsValue),
      };
    }),
  );
  const active = keys.find((k) => k.state === 'active');
  const standby = keys.some((k) => k.state === 'standby');
  const nextRotationAt = settings.rotationMs > 0 && active?.activeSince && standby ? new Date(active.activeSince.getTime() + settings.rotationMs) : null;
  return { accountId, selectors, nextRotationAt };
}

function inScope(accountId: string, scope: AccountScope): void {
  if (!scope.includes(accountId)) throw notFound();
}

@QueryHandler(GetAccountDkimQuery)
export class GetAccountDkimHandler implements IQueryHandler<GetAccountDkimQuery, AccountDkimView> {
  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly settings: DkimSettings,
    private readonly serving: KeyServing,
  ) {}

  async execute({ accountId, scope }: GetAccountDkimQuery): Promise<AccountDkimView> {
    inScope(accountId, scope);
    const keys = await this.repository.keysOf(accountId);
    if (keys.length === 0) throw notFound();
    return accountView(accountId, keys, this.settings, this.serving);
  }
}

@CommandHandler(RotateAccountKeysCommand)
export class RotateAccountKeysHandler implements ICommandHandler<RotateAccountKeysCommand, AccountDkimView> {
  constructor(
    private readonly keys: DkimKeys,
    private readonly settings: DkimSettings,
    private readonly serving: KeyServing,
  ) {}

  async execute({ accountId, scope, revoke }: RotateAccountKeysCommand): Promise<AccountDkimView> {
    inScope(accountId, scope);
    return accountView(accountId, await this.keys.rotate(accountId, revoke), this.settings, this.serving);
  }
}

@QueryHandler(GetSigningKeyQuery)
export class GetSigningKeyHandler implements IQueryHandler<GetSigningKeyQuery, SigningKey | null> {
  constructor(private readonly keys: DkimKeys) {}

  async execute({ accountId, scope }: GetSigningKeyQuery): Promise<SigningKey | null> {
    if (!scope.includes(accountId)) return null;
    const active = await this.keys.activeKey(accountId);
    if (!active || !active.key.activeSince) return null;
    return { selector: `${active.key.selector}${accountLabel(accountId)}`, algorithm: 'rsa-sha256', privateKey: active.privateKey, activeSince: active.key.activeSince };
  }
}
