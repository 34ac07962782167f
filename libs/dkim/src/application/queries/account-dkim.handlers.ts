import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AccountScope, DomainError } from '#shared-kernel';
import { accountLabel } from '../../domain/dkim-key.js';
import { DkimKeyRepository } from '../../domain/dkim-key.repository.port.js';
import { accountView, askServed } from '../account-dkim.view.js';
import { RotateAccountKeysCommand } from '../commands/rotate-keys.command.js';
import { DkimKeys } from '../dkim-keys.js';
import { DkimSettings } from '../dkim.settings.js';
import { KeyServing } from '../key-serving.port.js';
import { type AccountDkimView, GetAccountDkimQuery, GetSigningKeyQuery, type SigningKey } from './account-dkim.queries.js';

const notFound = () => new DomainError('DKIM_KEYS_NOT_FOUND', 'This account has no DKIM keys (it has no built-in domain)');

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
    return accountView(accountId, keys, this.settings, await askServed(this.serving, this.settings.zone, accountId, keys));
  }
}

@CommandHandler(RotateAccountKeysCommand)
export class RotateAccountKeysHandler implements ICommandHandler<RotateAccountKeysCommand, AccountDkimView> {
  constructor(private readonly keys: DkimKeys) {}

  async execute({ accountId, scope, revoke }: RotateAccountKeysCommand): Promise<AccountDkimView> {
    inScope(accountId, scope);
    return this.keys.rotate(accountId, revoke);
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
