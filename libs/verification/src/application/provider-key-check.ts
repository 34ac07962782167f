import { Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EnsureAccountKeysCommand, GetAccountKeysQuery, RepublishAccountZoneCommand } from '#dkim';
import type { DomainView } from '#domains';
import { Clock, Telemetry } from '#shared-kernel';
import type { DnsResolverPort } from '../domain/dns-resolver.port.js';
import { keysVerdict, type ServedKey, servedKey } from '../domain/provider-keys.js';

/** A provider zone served wrong is published again at most this often per account (it is being put right meanwhile). */
const REPUBLISH_EVERY_MS = 10 * 60_000;

/**
 * Within one verification run (a domain, or the scheduler's batch), what each account's keys are
 * and what DNS serves for them: the domains of an account share them, so they are asked once.
 */
export type KeyMemo = Map<string, Promise<{ keys: { selector: string; state: string; host: string; txt: string }[]; publisher: string; served: Record<string, ServedKey> }>>;

/** What the provider zone serves for a built-in domain's account, and what that means for its DKIM. */
export interface ProviderKeys {
  /** per selector: published, missing, stale (another key), unknown (DNS could not say) */
  served: Record<string, ServedKey>;
  /** with a publisher: the verdict on the active key; without one, DNS of the customer's CNAMEs alone decides */
  verdict: ReturnType<typeof keysVerdict> | null;
}

/**
 * The DKIM check's look behind a built-in domain's CNAMEs: the account's keys (made now if it
 * has none, as for domains registered before keys existed) are asked of DNS at their names in the
 * provider zone. A name served wrong is the provider's fault: logged, counted
 * (`sds_provider_zone_drift`) and published again; it never counts against the customer.
 */
@Injectable()
export class ProviderKeyCheck {
  private readonly logger = new Logger('ProviderZone');
  /** names this instance last found served wrong */
  private readonly drifting = new Set<string>();
  private readonly republished = new Map<string, number>();

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly telemetry: Telemetry,
    private readonly clock: Clock,
  ) {}

  async check(domain: DomainView, dns: DnsResolverPort, memo: KeyMemo = new Map()): Promise<ProviderKeys | null> {
    if (domain.provider !== 'builtin') return null;
    // a domain checked before keys existed (or not yet checked) is made one of their users; afterwards its stored status says so
    if (!domain.providerStatus?.keys) await this.commandBus.execute(new EnsureAccountKeysCommand(domain.accountId, domain.id));
    let read = memo.get(domain.accountId);
    if (!read) {
      read = (async () => {
        const { keys, publisher } = await this.queryBus.execute(new GetAccountKeysQuery(domain.accountId));
        const served: Record<string, ServedKey> = {};
        await Promise.all(keys.map(async (key) => (served[key.selector] = servedKey(key.txt, await dns.lookup(key.host, 'TXT')))));
        return { keys, publisher, served };
      })();
      memo.set(domain.accountId, read);
    }
    const { keys, publisher, served } = await read;
    const wrong = keys.filter((k) => served[k.selector] === 'missing' || served[k.selector] === 'stale');
    for (const key of keys) {
      if (served[key.selector] === 'published') this.drifting.delete(key.host);
      else if (served[key.selector] !== 'unknown') this.drifting.add(key.host);
    }
    this.telemetry.providerZoneDrift(this.drifting.size);
    if (wrong.length > 0) await this.report(domain.accountId, wrong.map((k) => `${k.host} (${served[k.selector]})`), publisher !== 'none');
    const active = keys.find((k) => k.state === 'active');
    return { served, verdict: publisher === 'none' ? null : keysVerdict(active ? served[active.selector] : undefined) };
  }

  /**
   * Warns of names served wrong (at most every REPUBLISH_EVERY_MS per account) and, with a
   * publisher, publishes the account's records again; without one (PROVIDER_ZONE_PUBLISHER=none)
   * the operator is told what to publish.
   */
  private async report(accountId: string, names: string[], republish: boolean): Promise<void> {
    const last = this.republished.get(accountId) ?? 0;
    const now = this.clock.now().getTime();
    if (now - last < REPUBLISH_EVERY_MS) return;
    this.republished.set(accountId, now);
    if (!republish) {
      this.logger.warn(`The provider zone serves ${names.join(', ')} wrong: publish account ${accountId}'s records as GET /api/v1/provider-zone/zone-file gives them (PROVIDER_ZONE_PUBLISHER=none)`);
      return;
    }
    this.logger.warn(`The provider zone serves ${names.join(', ')} wrong: publishing account ${accountId}'s records again`);
    await this.commandBus.execute(new RepublishAccountZoneCommand(accountId));
  }
}
