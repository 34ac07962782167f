import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
  Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DnsZonePublisher, type PublishReport } from '../../domain/dns-zone-publisher.port.js';
import type { RRset } from '../../domain/rrset.js';
import { batchChanges, listedName, toRecordSet } from './route53-changes.js';
import { route53Error } from './route53-errors.js';

export interface Route53Options {
  /** PROVIDER_ZONE_HOSTED_ZONE_ID (`Z0123…`, `/hostedzone/` prefix allowed) */
  hostedZoneId: string;
  /** ROUTE53_ENDPOINT: another endpoint (a VPC endpoint, a local stub) */
  endpoint?: string;
  /** the region requests are signed for; Route 53 is global (default us-east-1) */
  region?: string;
  /** attempts per call, the first included: throttling, 5xx and network errors are retried with backoff and jitter (default 5) */
  maxAttempts?: number;
  /** per attempt, in milliseconds (default 10 s) */
  timeoutMs?: number;
  /** how long to wait for Route 53 to report the changes INSYNC on all its servers (default 30 s; 0: do not wait) */
  syncTimeoutMs?: number;
  /** between GetChange calls (default 2 s) */
  pollIntervalMs?: number;
}

/** Above this many deletions one listing of the whole zone costs fewer calls than one lookup each. */
const LOOKUPS_BEFORE_SCAN = 100;
const key = (name: string, type: string) => `${name} ${type}`;

/**
 * Route 53 through the real SDK (credentials from its default chain). A non-empty RRset is an
 * UPSERT; an empty one a DELETE of the record set Route 53 holds, which must be stated exactly, so
 * it is read first (ListResourceRecordSets); one Route 53 does not hold needs nothing. Changes go
 * in batches within Route 53's limits, in order; a batch whose DELETE no longer matches (someone
 * changed the set since it was read) is read and sent once more. Then it waits, up to
 * `syncTimeoutMs`, for Route 53 to report every change INSYNC; a change still PENDING then is
 * accepted (Route 53 has it and propagates it by itself).
 */
export class Route53ZonePublisher extends DnsZonePublisher {
  readonly kind = 'route53' as const;
  readonly target: string;
  private readonly client: Route53Client;

  constructor(private readonly options: Route53Options) {
    super();
    this.target = options.hostedZoneId.replace(/^\/?hostedzone\//, '');
    if (!/^[A-Za-z0-9]+$/.test(this.target)) throw new Error('the Route 53 hosted zone id is not an id like Z0123456789ABCDEFGHIJ');
    const timeout = options.timeoutMs ?? 10_000;
    this.client = new Route53Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      maxAttempts: options.maxAttempts ?? 5,
      retryMode: 'standard',
      requestHandler: new NodeHttpHandler({ connectionTimeout: timeout, requestTimeout: timeout }),
    });
  }

  async apply(zone: string, rrsets: readonly RRset[]): Promise<PublishReport> {
    const changesOf = (batch: readonly RRset[], held: Map<string, ResourceRecordSet>): Change[] =>
      batch.flatMap((rrset): Change[] => {
        if (rrset.values.length > 0) return [{ Action: 'UPSERT', ResourceRecordSet: toRecordSet(rrset) }];
        const set = held.get(key(rrset.name, rrset.type));
        return set ? [{ Action: 'DELETE', ResourceRecordSet: set }] : [];
      });
    const deletions = (batch: readonly RRset[]) => batch.filter((rrset) => rrset.values.length === 0);

    // which RRset each change states, so a batch can be built again from its RRsets
    const origin = new Map<Change, RRset>();
    const held = await this.held(zone, deletions(rrsets));
    const changes = rrsets.flatMap((rrset) => changesOf([rrset], held).map((change) => (origin.set(change, rrset), change)));

    const changeIds: string[] = [];
    let characters = 0;
    for (let batch of batchChanges(changes)) {
      try {
        changeIds.push(await this.change(batch));
      } catch (error) {
        const racing = (error as { name?: string }).name === 'InvalidChangeBatch' && batch.some((change) => change.Action === 'DELETE');
        if (!racing) throw route53Error(error, this.context('ChangeResourceRecordSets'));
        // a DELETE must match the set exactly: someone changed it since it was read, so read it again
        const batchRRsets = [...new Set(batch.map((change) => origin.get(change)!))];
        batch = changesOf(batchRRsets, await this.held(zone, deletions(batchRRsets)));
        if (batch.length > 0) {
          try {
            changeIds.push(await this.change(batch));
          } catch (retryError) {
            throw route53Error(retryError, this.context('ChangeResourceRecordSets'));
          }
        }
      }
      characters += batch.reduce((sum, change) => sum + (change.ResourceRecordSet?.ResourceRecords ?? []).reduce((n, r) => n + (r.Value ?? '').length, 0), 0);
    }
    const pending = await this.waitForSync(changeIds);
    return { requests: changeIds.length, bytes: characters, pending };
  }

  override async close(): Promise<void> {
    this.client.destroy();
  }

  private context(operation: string) {
    return { hostedZoneId: this.target, operation };
  }

  private async change(changes: Change[]): Promise<string> {
    const answer = await this.client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: this.target, ChangeBatch: { Changes: changes } }));
    return answer.ChangeInfo?.Id ?? '';
  }

  /**
   * The record sets Route 53 holds for the RRsets to delete, by name and type: the simple ones
   * (a set with a routing policy, which has a SetIdentifier, is not one we publish).
   */
  private async held(zone: string, deletions: readonly RRset[]): Promise<Map<string, ResourceRecordSet>> {
    const wanted = new Set(deletions.map((rrset) => key(rrset.name, rrset.type)));
    const held = new Map<string, ResourceRecordSet>();
    const keep = (set: ResourceRecordSet) => {
      const k = key(listedName(set.Name), set.Type ?? '');
      if (wanted.has(k) && set.SetIdentifier === undefined) held.set(k, set);
    };
    try {
      if (deletions.length <= LOOKUPS_BEFORE_SCAN) {
        for (const rrset of deletions) {
          const page = await this.client.send(
            new ListResourceRecordSetsCommand({ HostedZoneId: this.target, StartRecordName: `${rrset.name}.`, StartRecordType: rrset.type as RRType, MaxItems: 10 }),
          );
          for (const set of page.ResourceRecordSets ?? []) keep(set);
        }
      } else {
        let start: { name: string; type: RRType | undefined } | null = { name: `${zone}.`, type: undefined };
        while (start) {
          const page: ListResourceRecordSetsCommandOutput = await this.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: this.target, StartRecordName: start.name, StartRecordType: start.type, MaxItems: 300 }));
          for (const set of page.ResourceRecordSets ?? []) keep(set);
          start = page.IsTruncated && page.NextRecordName ? { name: page.NextRecordName, type: page.NextRecordType } : null;
        }
      }
    } catch (error) {
      throw route53Error(error, this.context('ListResourceRecordSets'));
    }
    return held;
  }

  /** Waits for the changes to be INSYNC; answers how many are still PENDING when the wait ends. */
  private async waitForSync(changeIds: string[]): Promise<number> {
    const timeout = this.options.syncTimeoutMs ?? 30_000;
    if (timeout <= 0) return changeIds.length;
    const deadline = Date.now() + timeout;
    let pending = changeIds.filter((id) => id !== '');
    while (pending.length > 0) {
      const still: string[] = [];
      for (const id of pending) {
        try {
          const answer = await this.client.send(new GetChangeCommand({ Id: id }));
          if (answer.ChangeInfo?.Status !== 'INSYNC') still.push(id);
        } catch (error) {
          throw route53Error(error, this.context('GetChange'));
        }
      }
      pending = still;
      if (pending.length === 0 || Date.now() >= deadline) return pending.length;
      await sleep(Math.min(this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
    }
    return 0;
  }
}
