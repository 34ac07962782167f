import { dkimTxt, type DkimKey } from '../domain/dkim-key.js';
import { keyHost, type ProviderZoneSettings } from '../domain/provider-zone.js';
import type { DkimSettings } from './dkim.settings.js';
import type { KeyServing, ServedKey } from './key-serving.port.js';
import type { AccountDkimView } from './queries/account-dkim.queries.js';

/** What DNS served for a key (its selector's name, its TXT) when it was asked; `unknown` for a key not asked about. */
export type ServedKeys = (key: Pick<DkimKey, 'selector' | 'state' | 'publicKey'>) => ServedKey;

/** Asks DNS what is served at each key's name, against the TXT it publishes (outside any transaction). */
export async function askServed(serving: KeyServing, zone: Pick<ProviderZoneSettings, 'zone'>, accountId: string, keys: readonly DkimKey[]): Promise<ServedKeys> {
  const answers = new Map<string, ServedKey>();
  await Promise.all(
    keys.map(async (key) => {
      const txt = dkimTxt(key);
      answers.set(`${key.selector} ${txt}`, await serving.served(keyHost(zone, accountId, key.selector), txt));
    }),
  );
  return (key) => answers.get(`${key.selector} ${dkimTxt(key)}`) ?? 'unknown';
}

/** The account's selectors as its owner sees them, with what DNS served for each (`served`). */
export function accountView(accountId: string, keys: readonly DkimKey[], settings: DkimSettings, served: ServedKeys): AccountDkimView {
  const selectors = keys.map((key) => ({
    selector: key.selector,
    state: key.state,
    publicKey: key.publicKey,
    dnsName: keyHost(settings.zone, accountId, key.selector),
    dnsValue: dkimTxt(key),
    bits: key.bits,
    createdAt: key.createdAt,
    activatedAt: key.activeSince,
    retiresAt: key.retiresAt,
    publishedInDns: served(key),
  }));
  const active = keys.find((k) => k.state === 'active');
  const standby = keys.some((k) => k.state === 'standby');
  const nextRotationAt = settings.rotationMs > 0 && active?.activeSince && standby ? new Date(active.activeSince.getTime() + settings.rotationMs) : null;
  return { accountId, selectors, nextRotationAt };
}
