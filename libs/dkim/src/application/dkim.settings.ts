import type { ZonePublisherKind } from '#dns-publishing';
import type { KeyEncryption } from '#shared-kernel';
import type { ProviderZoneSettings } from '../domain/provider-zone.js';

/** Settings of the DKIM keys and the provider zone, provided by the composition root. */
export abstract class DkimSettings {
  abstract readonly zone: ProviderZoneSettings;
  /** DKIM_KEY_BITS: the size of new RSA keys */
  abstract readonly keyBits: number;
  /** DKIM_RETIRE_HOURS: how long an account's keys stay published after its last built-in domain is gone */
  abstract readonly retireMs: number;
  /** the key-encryption keys (DKIM_KEY_ENCRYPTION_KEY, _PREVIOUS) */
  abstract readonly encryption: KeyEncryption;
  /** PROVIDER_ZONE_PUBLISHER: whether the service publishes the zone itself */
  abstract readonly publisher: ZonePublisherKind;
  /** how often keys whose retirement is over are looked for (the scheduler's tick) */
  abstract readonly tickMs: number;
  /** DKIM_ROTATION_DAYS: every account's keys are rotated this often (0: only on request) */
  abstract readonly rotationMs: number;
}
