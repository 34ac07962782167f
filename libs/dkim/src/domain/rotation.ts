import type { DkimKey } from './dkim-key.js';

/** Why a rotation cannot happen now, in words. */
export class RotationRefused extends Error {
  constructor(
    readonly reason: 'no-standby',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A rotation (DESIGN.md §3): the standby key becomes active at once; the active one stays
 * published for `retireMs` as `retiring` (mail in flight still verifies), or, for a compromised
 * key, is published `revoked` (an empty `p=`) at once; either way its selector gets a fresh key
 * once `retireMs` is over. Customers change nothing: the same two selectors stay published.
 */
export function rotate(keys: readonly DkimKey[], now: Date, retireMs: number, revoke: boolean): DkimKey[] {
  const active = keys.find((k) => k.state === 'active');
  const standby = keys.find((k) => k.state === 'standby');
  if (!standby) {
    const pending = keys.find((k) => k.state === 'retiring' || k.state === 'revoked');
    throw new RotationRefused(
      'no-standby',
      pending?.retiresAt
        ? `There is no standby key: selector ${pending.selector} is ${pending.state} until ${pending.retiresAt.toISOString()}, then gets a fresh key`
        : 'There is no standby key to rotate to',
    );
  }
  return keys.map((key) => {
    if (key.id === standby.id) return { ...key, state: 'active', activeSince: now, retiresAt: null };
    if (active && key.id === active.id) return { ...key, state: revoke ? 'revoked' : 'retiring', retiresAt: new Date(now.getTime() + retireMs) };
    return key;
  });
}

/** Whether a key's selector is due for a fresh key: its retirement (or revocation) is over. */
export const renewalDue = (key: DkimKey, now: Date) => (key.state === 'retiring' || key.state === 'revoked') && key.retiresAt !== null && key.retiresAt <= now;
