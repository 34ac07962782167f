import type { SealedKey } from '#shared-kernel';

/** The two selectors of every account, as the customers' CNAMEs name them (seed 000). */
export const SELECTORS = ['cm1', 'cm2'] as const;
export type Selector = (typeof SELECTORS)[number];

/**
 * A key's part in signing: `active` signs; `standby` is published, ready to take over;
 * `retiring` (a former active one, still published so mail in flight verifies) and `revoked`
 * (published with an empty `p=`, RFC 6376 §3.6.1) belong to rotation.
 */
export const KEY_STATES = ['active', 'standby', 'retiring', 'revoked'] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** One DKIM key of an account. The private key exists here only sealed. */
export interface DkimKey {
  id: string;
  accountId: string;
  selector: Selector;
  state: KeyState;
  algorithm: 'rsa';
  bits: number;
  /** base64 of the DER SubjectPublicKeyInfo: what `p=` publishes */
  publicKey: string;
  privateKey: SealedKey;
  createdAt: Date;
  /** since when it signs (null while standby) */
  activeSince: Date | null;
  /** retiring or revoked: when its selector gets a fresh key */
  retiresAt: Date | null;
}

/** What a key's private half is sealed to: its account and selector (a sealed key moved to another row does not open). */
export const sealContext = (key: { accountId: string; selector: Selector }) => `dkim:${key.accountId}:${key.selector}`;

/** The TXT a selector publishes: the key, or an empty `p=` once revoked. */
export function dkimTxt(key: Pick<DkimKey, 'state' | 'publicKey'>): string {
  return key.state === 'revoked' ? 'v=DKIM1; p=' : `v=DKIM1; k=rsa; p=${key.publicKey}`;
}

/** The account's part of a provider-zone name: its id without dashes, as in the customers' records. */
export const accountLabel = (accountId: string) => accountId.replace(/-/g, '').toLowerCase();
