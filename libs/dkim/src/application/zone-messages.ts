import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '#shared-kernel';

/** An account's part of the provider zone changed (or, with `accountId` null, the zone-wide records). */
export const PROVIDER_ZONE_CHANGED = 'provider_zone.changed';

/** `data` of `provider_zone.changed`, version 1: whose records to publish again (the handler reads their current state). */
export interface ProviderZoneChangedV1 {
  accountId: string | null;
}

export function zoneChanged(accountId: string | null, at: Date): OutboxMessage {
  const data: ProviderZoneChangedV1 = { accountId };
  return { id: randomUUID(), type: PROVIDER_ZONE_CHANGED, version: 1, occurredAt: at, data: { ...data } };
}
