import { AggregateRoot, DomainError } from '#shared-kernel';
import { canTransition, type DomainStatus } from './domain-status.js';
import type { ProviderIdentity, ProviderName, StoredProviderStatus } from '#mail-providers';
import { type DomainChangeField, DomainCreatedEvent, DomainDeletedEvent, type DomainEvent, DomainRecordsChangedEvent, DomainStatusChangedEvent, DomainUpdatedEvent } from './domain.events.js';
import { DEFAULT_SETTINGS, type DomainSettings, type RecordOptions, SEED_RECORD_OPTIONS } from './domain-options.js';
import { nextCheckAt, type VerificationPolicy } from './verification-policy.js';

/**
 * What one verification run concluded about the domain's required records:
 * - `valid`: every required record is valid;
 * - `invalid`: at least one required record was conclusively missing or wrong;
 * - `inconclusive`: nothing was found wrong, but DNS errors hid some records. Never changes state.
 */
export type VerificationOutcome = 'valid' | 'invalid' | 'inconclusive';

export interface SendingDomainState {
  id: number;
  accountId: string;
  name: string;
  emailAddress: string | null;
  status: DomainStatus;
  statusChangedAt: Date;
  createdOn: Date;
  modifiedOn: Date | null;
  deletedOn: Date | null;
  consecutiveFailures: number;
  checkAttempts: number;
  lastCheckedAt: Date | null;
  verifiedAt: Date | null;
  nextCheckAt: Date | null;
  version: number;
  /** Unicode form of `name` (punycode decoded), for display and search */
  displayName: string;
  description: string | null;
  externalId: string | null;
  metadata: Record<string, string>;
  isDefault: boolean;
  region: string | null;
  settings: DomainSettings;
  options: RecordOptions;
  suspension: { reason: string | null; at: Date } | null;
  /** id of the API key that registered it */
  createdBy: string | null;
  /** the mail provider, fixed at registration */
  provider: ProviderName;
  /** what the provider keeps about the domain (its own business); null until it is provisioned */
  providerIdentity: ProviderIdentity | null;
  /** `pending` (to provision), `provisioned`, `deprovision_pending` (deleted, identity to remove), `released` */
  providerState: ProviderState;
  /** the provider's last word on the domain, or why it could not be asked */
  providerStatus: StoredProviderStatus | null;
}

export type ProviderState = 'pending' | 'provisioned' | 'deprovision_pending' | 'released';

/** What a registration may set beyond the name (all optional: seed 000 sets none of it). */
export interface RegistrationDetails {
  provider?: ProviderName;
  providerIdentity?: ProviderIdentity | null;
  providerStatus?: StoredProviderStatus | null;
  displayName?: string;
  isDefault?: boolean;
  description?: string | null;
  externalId?: string | null;
  metadata?: Record<string, string>;
  region?: string | null;
  settings?: DomainSettings;
  options?: RecordOptions;
  createdBy?: string | null;
}

/** The fields a PATCH may change (each optional). */
export interface DomainChanges {
  description?: string | null;
  externalId?: string | null;
  metadata?: Record<string, string>;
  emailAddress?: string | null;
  settings?: DomainSettings;
  trackingPrefix?: string | null;
}

/** Whether a field's new value differs from its old one (metadata and settings by content, key order aside). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const sorted = (o: object) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))));
  return sorted(a) === sorted(b);
}

/** The sending-domain aggregate: owns its status and enforces the state machine of DESIGN.md §3. */
export class SendingDomain extends AggregateRoot<DomainEvent> {
  private constructor(private state: SendingDomainState) {
    super();
  }

  static register(input: { id: number; accountId: string; name: string; emailAddress: string | null; now: Date } & RegistrationDetails): SendingDomain {
    const domain = new SendingDomain({
      id: input.id,
      accountId: input.accountId,
      name: input.name,
      emailAddress: input.emailAddress,
      status: 'pending',
      statusChangedAt: input.now,
      createdOn: input.now,
      modifiedOn: null,
      deletedOn: null,
      consecutiveFailures: 0,
      checkAttempts: 0,
      lastCheckedAt: null,
      verifiedAt: null,
      nextCheckAt: input.now, // newly registered domains are due at once
      version: 1,
      displayName: input.displayName ?? input.name,
      description: input.description ?? null,
      externalId: input.externalId ?? null,
      metadata: input.metadata ?? {},
      isDefault: input.isDefault ?? false,
      region: input.region ?? null,
      settings: input.settings ?? { ...DEFAULT_SETTINGS },
      options: input.options ?? { ...SEED_RECORD_OPTIONS },
      suspension: null,
      createdBy: input.createdBy ?? null,
      provider: input.provider ?? 'builtin',
      providerIdentity: input.providerIdentity ?? null,
      providerState: input.providerIdentity ? 'provisioned' : 'pending',
      providerStatus: input.providerStatus ?? null,
    });
    domain.addEvent(new DomainCreatedEvent(input.id, input.accountId, input.now));
    return domain;
  }

  static restore(state: SendingDomainState): SendingDomain {
    return new SendingDomain({ ...state });
  }

  get id(): number {
    return this.state.id;
  }
  get accountId(): string {
    return this.state.accountId;
  }
  get name(): string {
    return this.state.name;
  }
  get status(): DomainStatus {
    return this.state.status;
  }
  /** CM's `isValid` on a domain is status `active`. */
  get isValid(): boolean {
    return this.state.status === 'active';
  }
  get options(): RecordOptions {
    return { ...this.state.options };
  }
  get isDefault(): boolean {
    return this.state.isDefault;
  }
  snapshot(): Readonly<SendingDomainState> {
    return { ...this.state };
  }

  /**
   * Applies a PATCH's field changes. Returns true when the records must be generated again
   * (the tracking prefix changed).
   */
  update(changes: DomainChanges, now: Date): boolean {
    if (this.state.status === 'deleted') throw new DomainError('DOMAIN_NOT_FOUND', 'Domain not found');
    const s = this.state;
    const changed: DomainChangeField[] = [];
    const set = <K extends 'description' | 'externalId' | 'metadata' | 'emailAddress' | 'settings'>(field: K, value: SendingDomainState[K] | undefined) => {
      if (value === undefined) return;
      if (!sameValue(s[field], value)) changed.push(field);
      s[field] = value;
    };
    set('description', changes.description);
    set('externalId', changes.externalId);
    set('metadata', changes.metadata);
    set('emailAddress', changes.emailAddress);
    set('settings', changes.settings);
    const regenerate = changes.trackingPrefix !== undefined && changes.trackingPrefix !== s.options.trackingPrefix;
    if (regenerate) {
      s.options = { ...s.options, trackingPrefix: changes.trackingPrefix ?? null };
      changed.push('trackingPrefix');
    }
    s.modifiedOn = now;
    if (changed.length > 0) this.addEvent(new DomainUpdatedEvent(this.id, this.accountId, changed, now));
    if (regenerate) this.addEvent(new DomainRecordsChangedEvent(this.id, this.accountId, 'trackingPrefix', now));
    return regenerate;
  }

  get provider(): ProviderName {
    return this.state.provider;
  }
  get providerIdentity(): ProviderIdentity | null {
    return this.state.providerIdentity;
  }

  /** The provider set the domain up on a later try: its records are generated again, so what must be published changed. */
  provisioned(identity: ProviderIdentity, now: Date): void {
    this.state.providerIdentity = identity;
    this.state.providerState = 'provisioned';
    if (this.state.status === 'deleted') return;
    this.state.modifiedOn = now;
    this.addEvent(new DomainRecordsChangedEvent(this.id, this.accountId, 'provider', now));
  }

  /** The provider no longer has the identity: set it up again on the next check. */
  providerLost(): void {
    if (this.state.status === 'deleted') return;
    this.state.providerIdentity = null;
    this.state.providerState = 'pending';
  }

  /** What the provider said at the last check (or why it could not be asked). */
  recordProviderStatus(status: StoredProviderStatus | null): void {
    this.state.providerStatus = status;
  }

  /** The identity at the provider is gone (removed, or kept for another registration that uses it). */
  providerReleased(): void {
    this.state.providerState = 'released';
  }

  /** Marks (or unmarks) the account's default domain; the repository keeps at most one per account. */
  markDefault(isDefault: boolean, now: Date): void {
    if (this.state.isDefault === isDefault) return;
    this.state.isDefault = isDefault;
    this.state.modifiedOn = now;
    // a deleted domain loses the flag with the delete, which says enough
    if (this.state.status !== 'deleted') this.addEvent(new DomainUpdatedEvent(this.id, this.accountId, ['isDefault'], now));
  }

  delete(now: Date): void {
    this.transition('deleted', now);
    this.addEvent(new DomainDeletedEvent(this.id, this.accountId, now));
    this.state.deletedOn = now;
    this.state.nextCheckAt = null;
    // an identity at the provider is removed after the delete commits (and retried until it is)
    this.state.providerState = this.state.providerState === 'provisioned' ? 'deprovision_pending' : 'released';
  }

  /** Suspends sending (by request); `reason` is shown back (Mailgun's `disabled`). */
  suspend(now: Date, reason: string | null = null): void {
    this.transition('suspended', now, reason);
    this.state.nextCheckAt = null;
    this.state.suspension = { reason, at: now };
  }

  /** Back from suspension: pending again, checked at once; verification then decides. */
  resume(now: Date): void {
    if (this.state.status !== 'suspended') {
      throw new DomainError('INVALID_TRANSITION', `Domain is ${this.state.status}, not suspended`);
    }
    this.transition('pending', now, 'resumed: its records are checked again');
    this.state.nextCheckAt = now;
    this.state.suspension = null;
  }

  /**
   * Applies one verification run (DESIGN.md §3): pending→active / failed→active when every
   * required record is valid; active→failed only after `failureThreshold` consecutive conclusive
   * failures; pending→failed once the verification window has passed without success.
   * An inconclusive run (DNS errors only) changes no state and no counter.
   */
  applyVerification(outcome: VerificationOutcome, now: Date, policy: VerificationPolicy): void {
    const status = this.state.status;
    if (status === 'deleted' || status === 'suspended') return;
    this.state.lastCheckedAt = now;
    this.state.checkAttempts += 1;
    if (outcome === 'valid') {
      this.state.consecutiveFailures = 0;
      this.state.verifiedAt = now;
      if (status !== 'active') this.transition('active', now, 'every required record is published and valid');
    } else if (outcome === 'invalid') {
      this.state.consecutiveFailures += 1;
      if (status === 'active' && this.state.consecutiveFailures >= policy.failureThreshold) {
        this.fail(now, `required records were missing or wrong in ${this.state.consecutiveFailures} consecutive checks`);
      } else if (status === 'pending' && now.getTime() - this.state.statusChangedAt.getTime() >= policy.windowMs) {
        this.fail(now, `the records were not valid within ${Math.round(policy.windowMs / 3_600_000)} hours`);
      }
    }
    this.state.nextCheckAt = nextCheckAt(this.state.status, this.state.checkAttempts, this.state.statusChangedAt, now, policy);
  }

  private fail(now: Date, reason: string): void {
    this.transition('failed', now, reason);
  }

  private transition(to: DomainStatus, now: Date, reason: string | null = null): void {
    const from = this.state.status;
    if (!canTransition(from, to)) {
      throw new DomainError('INVALID_TRANSITION', `A ${from} domain cannot become ${to}`, { from, to });
    }
    this.state.status = to;
    this.state.statusChangedAt = now;
    this.state.modifiedOn = now;
    this.state.checkAttempts = 0;
    if (to !== 'deleted') {
      this.addEvent(new DomainStatusChangedEvent(this.id, this.accountId, this.name, this.state.emailAddress, from, to, reason, now));
    }
  }
}
