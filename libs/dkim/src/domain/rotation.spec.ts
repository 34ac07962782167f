import type { DkimKey } from './dkim-key.js';
import { renewalDue, rotate, RotationRefused } from './rotation.js';

const t0 = new Date('2026-12-01T10:00:00Z');
const key = (selector: 'cm1' | 'cm2', state: DkimKey['state'], extra: Partial<DkimKey> = {}): DkimKey => ({
  id: selector,
  accountId: 'a',
  selector,
  state,
  algorithm: 'rsa',
  bits: 2048,
  publicKey: `pub-${selector}`,
  privateKey: { kekId: 'k', sealed: 's' },
  createdAt: t0,
  activeSince: state === 'active' ? t0 : null,
  retiresAt: null,
  ...extra,
});
const WEEK = 7 * 24 * 3_600_000;

describe('DKIM key rotation', () => {
  const now = new Date('2027-06-01T10:00:00Z');

  it('the standby key becomes active at once; the old one retires for the retirement period', () => {
    const [cm1, cm2] = rotate([key('cm1', 'active'), key('cm2', 'standby')], now, WEEK, false);
    expect(cm1).toMatchObject({ state: 'retiring', activeSince: t0, retiresAt: new Date(now.getTime() + WEEK) });
    expect(cm2).toMatchObject({ state: 'active', activeSince: now, retiresAt: null });
  });

  it('a compromised key is revoked at once (published with an empty p=), the standby signs', () => {
    const [cm1, cm2] = rotate([key('cm1', 'active'), key('cm2', 'standby')], now, WEEK, true);
    expect(cm1).toMatchObject({ state: 'revoked', retiresAt: new Date(now.getTime() + WEEK) });
    expect(cm2!.state).toBe('active');
  });

  it('no standby (the last rotation is still retiring): refused, saying until when', () => {
    const retiring = key('cm1', 'retiring', { retiresAt: new Date('2027-06-05T10:00:00Z') });
    expect(() => rotate([retiring, key('cm2', 'active')], now, WEEK, false)).toThrow(RotationRefused);
    expect(() => rotate([retiring, key('cm2', 'active')], now, WEEK, false)).toThrow('selector cm1 is retiring until 2027-06-05T10:00:00.000Z');
  });

  it('a retiring or revoked selector is due for a fresh key once its time is over', () => {
    expect(renewalDue(key('cm1', 'retiring', { retiresAt: now }), now)).toBe(true);
    expect(renewalDue(key('cm1', 'revoked', { retiresAt: new Date(now.getTime() + 1) }), now)).toBe(false);
    expect(renewalDue(key('cm1', 'active'), now)).toBe(false);
  });
});
