import { Query } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { KeyState, Selector } from '../../domain/dkim-key.js';
import type { ServedKey } from '../key-serving.port.js';

/** One selector of an account, as its owner sees it (never the private key). */
export interface SelectorView {
  selector: Selector;
  state: KeyState;
  /** base64 DER SubjectPublicKeyInfo */
  publicKey: string;
  /** the name the provider zone publishes it at, and the TXT it publishes */
  dnsName: string;
  dnsValue: string;
  bits: number;
  createdAt: Date;
  activatedAt: Date | null;
  retiresAt: Date | null;
  /** what DNS serves at `dnsName` now */
  publishedInDns: ServedKey;
}

export interface AccountDkimView {
  accountId: string;
  selectors: SelectorView[];
  /** when the scheduler rotates next (null: DKIM_ROTATION_DAYS=0, or no standby to rotate to) */
  nextRotationAt: Date | null;
}

/** The account's DKIM selectors; DKIM_KEYS_NOT_FOUND when it has none or lies outside `scope`. */
export class GetAccountDkimQuery extends Query<AccountDkimView> {
  constructor(
    readonly accountId: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** What signing for an account needs: its active key, opened. Null when it has none (or is outside `scope`). */
export interface SigningKey {
  /** the selector as the customers' records name it: `cm1<acct>` (the label before `._domainkey`) */
  selector: string;
  algorithm: 'rsa-sha256';
  /** PKCS#8 PEM */
  privateKey: string;
  activeSince: Date;
}

export class GetSigningKeyQuery extends Query<SigningKey | null> {
  constructor(
    readonly accountId: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}
