/** Which accounts a caller may act on: every account, or a fixed list. */
export class AccountScope {
  private constructor(
    readonly all: boolean,
    readonly accountIds: readonly string[],
  ) {}

  static allAccounts(): AccountScope {
    return new AccountScope(true, []);
  }

  static of(accountIds: readonly string[]): AccountScope {
    return new AccountScope(false, accountIds.map((id) => id.toLowerCase()));
  }

  includes(accountId: string): boolean {
    return this.all || this.accountIds.includes(accountId.toLowerCase());
  }

  /**
   * This scope narrowed to one account (a route's `{accountId}`): that account when it is in
   * scope, else nothing at all, so whatever is asked answers as missing.
   */
  narrowTo(accountId: string): AccountScope {
    return this.includes(accountId) ? AccountScope.of([accountId]) : AccountScope.of([]);
  }
}
