import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { txtChunks } from '#dns-records';
import { type AccountScope, DomainError } from '#shared-kernel';
import { GetOutboxHandlerStateQuery } from '#outbox';
import { dkimTxt, type DkimKey } from '../../domain/dkim-key.js';
import { DkimKeyRepository } from '../../domain/dkim-key.repository.port.js';
import { accountRRsets, keyHost, recordsOf, zoneRRsets, type ProviderZoneRecord } from '../../domain/provider-zone.js';
import { DkimSettings } from '../dkim.settings.js';
import { ZONE_PUBLISHER_HANDLER } from '../zone-publisher.handler.js';
import { type AccountKeyView, GetAccountKeysQuery, GetProviderZoneFileQuery, GetProviderZoneQuery, type ProviderZoneView, type ZonePublication } from './provider-zone.queries.js';

/** Accounts read per statement while the whole zone is listed. */
const ACCOUNTS_PER_PAGE = 500;

function assertEveryAccount(scope: AccountScope): void {
  if (!scope.all) throw new DomainError('PERMISSION_DENIED', 'The provider zone holds every account\'s records: it needs a key for every account (accountIds ["*"]) with Provider_Manage');
}

/** Every record of the zone: the zone-wide ones, then each account's, in account order. */
async function zoneRecords(repository: DkimKeyRepository, settings: DkimSettings): Promise<ProviderZoneRecord[]> {
  const records = recordsOf(zoneRRsets(settings.zone));
  let after: string | null = null;
  for (;;) {
    const keys = await repository.keysAfter(after, ACCOUNTS_PER_PAGE);
    if (keys.length === 0) return records;
    const byAccount = new Map<string, DkimKey[]>();
    for (const key of keys) byAccount.set(key.accountId, [...(byAccount.get(key.accountId) ?? []), key]);
    for (const [accountId, own] of byAccount) records.push(...recordsOf(accountRRsets(settings.zone, accountId, own)));
    after = keys[keys.length - 1]!.accountId;
    if (byAccount.size < ACCOUNTS_PER_PAGE) return records;
  }
}

@QueryHandler(GetProviderZoneQuery)
export class GetProviderZoneHandler implements IQueryHandler<GetProviderZoneQuery, ProviderZoneView> {
  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly settings: DkimSettings,
    private readonly queryBus: QueryBus,
  ) {}

  async execute({ scope }: GetProviderZoneQuery): Promise<ProviderZoneView> {
    assertEveryAccount(scope);
    const records = await zoneRecords(this.repository, this.settings);
    return { zone: this.settings.zone.zone, publisher: this.settings.publisher, records, publication: await this.publication() };
  }

  private async publication(): Promise<ZonePublication> {
    if (this.settings.publisher === 'none') return { state: 'off', lastPublishedAt: null, lastError: null, pending: 0 };
    const state = await this.queryBus.execute(new GetOutboxHandlerStateQuery(ZONE_PUBLISHER_HANDLER));
    return {
      state: state.lastError ? 'failing' : state.pending > 0 ? 'pending' : 'published',
      lastPublishedAt: state.lastDeliveredAt,
      lastError: state.lastError,
      pending: state.pending,
    };
  }
}

@QueryHandler(GetProviderZoneFileQuery)
export class GetProviderZoneFileHandler implements IQueryHandler<GetProviderZoneFileQuery, string> {
  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly settings: DkimSettings,
  ) {}

  async execute({ scope }: GetProviderZoneFileQuery): Promise<string> {
    assertEveryAccount(scope);
    const zone = this.settings.zone.zone;
    const lines = [
      `; The provider zone ${zone}: the built-in provider's DKIM keys and return-path targets.`,
      `; Put an SOA and NS records in front to load it as a zone; names are fully qualified.`,
      '',
    ];
    for (const r of await zoneRecords(this.repository, this.settings)) {
      lines.push(`${r.host}.\t${r.ttl}\tIN\t${r.type}\t${r.type === 'TXT' ? txtChunks(r.value).join(' ') : r.value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

@QueryHandler(GetAccountKeysQuery)
export class GetAccountKeysHandler implements IQueryHandler<GetAccountKeysQuery, { keys: AccountKeyView[]; publisher: DkimSettings['publisher'] }> {
  constructor(
    private readonly repository: DkimKeyRepository,
    private readonly settings: DkimSettings,
  ) {}

  async execute({ accountId }: GetAccountKeysQuery): Promise<{ keys: AccountKeyView[]; publisher: DkimSettings['publisher'] }> {
    const keys = (await this.repository.keysOf(accountId)).map((k) => ({ selector: k.selector, state: k.state, host: keyHost(this.settings.zone, accountId, k.selector), txt: dkimTxt(k) }));
    return { keys, publisher: this.settings.publisher };
  }
}
