import { Query } from '@nestjs/cqrs';
import type { ZonePublisherKind } from '#dns-publishing';
import type { AccountScope } from '#shared-kernel';
import type { KeyState, Selector } from '../../domain/dkim-key.js';
import type { ProviderZoneRecord } from '../../domain/provider-zone.js';

/** How the provider zone's publication stands. */
export interface ZonePublication {
  /** `off`: the service publishes nothing (PROVIDER_ZONE_PUBLISHER=none); `failing`: the last try was refused */
  state: 'published' | 'pending' | 'failing' | 'off';
  lastPublishedAt: Date | null;
  lastError: string | null;
  /** changes waiting to be published */
  pending: number;
}

export interface ProviderZoneView {
  zone: string;
  publisher: ZonePublisherKind;
  records: ProviderZoneRecord[];
  publication: ZonePublication;
}

/**
 * Every record of the provider zone (each account's keys and return-path target, the SPF include)
 * and its publication. The zone holds every account's names: only a caller with every account in
 * its scope may read it (PERMISSION_DENIED otherwise).
 */
export class GetProviderZoneQuery extends Query<ProviderZoneView> {
  constructor(readonly scope: AccountScope) {
    super();
  }
}

/** The same records as a BIND zone fragment (named-checkzone accepts it once an SOA and NS are put in front); the same scope rule. */
export class GetProviderZoneFileQuery extends Query<string> {
  constructor(readonly scope: AccountScope) {
    super();
  }
}

/** What the provider zone holds for one account's keys: per selector, its state, name and TXT (no private key). */
export interface AccountKeyView {
  selector: Selector;
  state: KeyState;
  host: string;
  txt: string;
}

/** The account's keys as published (for the DKIM check); empty when it has none. */
export class GetAccountKeysQuery extends Query<{ keys: AccountKeyView[]; publisher: ZonePublisherKind }> {
  constructor(readonly accountId: string) {
    super();
  }
}
