import { AccountScope } from '#shared-kernel';
import type { Permission } from './permission.js';

export interface ApiKeyState {
  id: string;
  name: string | null;
  /** the first characters of the key, shown in lists so people can tell keys apart */
  prefix: string;
  /** SHA-256 of the key: keys are 256 random bits, so a fast hash is safe and lookups are O(1) */
  hash: string;
  /** `['*']` for every account */
  accountIds: string[];
  permissions: Permission[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** An API key: a scope of accounts and a set of permissions. The secret itself is never stored. */
export class ApiKey {
  private constructor(private readonly state: ApiKeyState) {}

  static restore(state: ApiKeyState): ApiKey {
    return new ApiKey({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  get allAccounts(): boolean {
    return this.state.accountIds.includes('*');
  }

  get scope(): AccountScope {
    return this.allAccounts ? AccountScope.allAccounts() : AccountScope.of(this.state.accountIds);
  }

  get revoked(): boolean {
    return this.state.revokedAt !== null;
  }

  can(permission: Permission): boolean {
    return this.state.permissions.includes(permission);
  }

  /** A live key that manages keys on every account: the operator's way in, never revoked last. */
  get isAllAccountsManager(): boolean {
    return !this.revoked && this.allAccounts && this.can('ApiKeys_Manage');
  }

  /**
   * Whether a caller with `scope` may see and revoke this key: every account of the key lies in
   * the caller's scope. A key on all accounts is visible only to a caller on all accounts.
   */
  isVisibleTo(scope: AccountScope): boolean {
    if (scope.all) return true;
    return !this.allAccounts && this.state.accountIds.every((id) => scope.includes(id));
  }

  revoke(now: Date): void {
    this.state.revokedAt ??= now;
  }

  snapshot(): Readonly<ApiKeyState> {
    return { ...this.state };
  }
}
