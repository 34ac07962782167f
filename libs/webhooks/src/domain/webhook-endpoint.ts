import { type AccountScope, DomainError, isAccountId, type SealedKey } from '#shared-kernel';

export const MAX_DESCRIPTION = 500;
export const MAX_EVENT_TYPES = 50;
export const MAX_ACCOUNTS = 1000;

/** An endpoint as stored. Its secrets are sealed (AES-256-GCM under the key-encryption key), bound to its id. */
export interface WebhookEndpointState {
  id: string;
  url: string;
  description: string | null;
  /** event types it receives, or ['*'] for every type */
  events: string[];
  /** accounts whose events it receives, or ['*'] for every account */
  accountIds: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  secret: SealedKey;
  /** the secret before the last rotation, still signing beside the new one until `previousSecretUntil` */
  previousSecret: SealedKey | null;
  previousSecretUntil: Date | null;
  secretRotatedAt: Date | null;
  /** since when every attempt has failed (null: the last one succeeded, or none was made) */
  failingSince: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a secret of an endpoint is sealed to: the endpoint (a sealed secret copied onto another row does not open). */
export const secretContext = (endpointId: string) => `webhook-endpoint:${endpointId}`;

const invalid = (field: string, message: string) => new DomainError('VALIDATION_FAILED', message, { field, errors: [{ field, message }] });

/** `['*']`, or known event types (each once). */
export function parseEventTypes(events: readonly string[], known: readonly string[]): string[] {
  if (events.length === 0) throw invalid('events', 'events must list at least one event type, or ["*"] for every type');
  if (events.includes('*')) {
    if (events.length > 1) throw invalid('events', 'events must be ["*"] alone, or a list of event types');
    return ['*'];
  }
  const unknown = events.find((e) => !known.includes(e));
  if (unknown !== undefined) throw invalid('events', `events: unknown event type "${unknown}"; known: ${known.join(', ')}`);
  return [...new Set(events)];
}

/** `['*']` (a key on every account only), or account UUIDs the calling key has. */
export function parseAccountIds(accountIds: readonly string[], scope: AccountScope): string[] {
  if (accountIds.length === 0) throw invalid('accountIds', 'accountIds must list at least one account UUID, or ["*"] for every account');
  const all = accountIds.includes('*');
  if (all && accountIds.length > 1) throw invalid('accountIds', 'accountIds must be ["*"] alone, or a list of account UUIDs');
  const bad = accountIds.find((id) => id !== '*' && !isAccountId(id));
  if (bad !== undefined) throw invalid('accountIds', `accountIds: "${bad}" is not an account UUID`);
  const ids = all ? ['*'] : [...new Set(accountIds.map((id) => id.toLowerCase()))];
  if ((all && !scope.all) || ids.some((id) => id !== '*' && !scope.includes(id))) {
    throw new DomainError('PERMISSION_DENIED', 'A key can only create endpoints for accounts it has itself');
  }
  return ids;
}

export function parseDescription(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value.length > MAX_DESCRIPTION) throw invalid('description', `description must be at most ${MAX_DESCRIPTION} characters`);
  return value;
}

/** What a PATCH may change. */
export interface EndpointChanges {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

/**
 * A webhook endpoint: where events go, which ones, for which accounts, and the secrets that sign
 * them. Seen and changed only by keys whose accounts include all of its own (an endpoint on every
 * account only by a key on every account), as API keys are.
 */
export class WebhookEndpoint {
  private constructor(private state: WebhookEndpointState) {}

  static create(input: { id: string; url: string; description: string | null; events: string[]; accountIds: string[]; secret: SealedKey; createdBy: string | null; now: Date }): WebhookEndpoint {
    return new WebhookEndpoint({
      id: input.id,
      url: input.url,
      description: input.description,
      events: input.events,
      accountIds: input.accountIds,
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      secret: input.secret,
      previousSecret: null,
      previousSecretUntil: null,
      secretRotatedAt: null,
      failingSince: null,
      createdBy: input.createdBy,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static restore(state: WebhookEndpointState): WebhookEndpoint {
    return new WebhookEndpoint({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get enabled(): boolean {
    return this.state.enabled;
  }
  snapshot(): Readonly<WebhookEndpointState> {
    return { ...this.state };
  }

  /** Applies a PATCH (values already parsed). Enabling starts afresh: the reason and the failure streak are gone. */
  update(changes: EndpointChanges, now: Date): void {
    const s = this.state;
    if (changes.url !== undefined) s.url = changes.url;
    if (changes.events !== undefined) s.events = changes.events;
    if (changes.description !== undefined) s.description = changes.description;
    if (changes.enabled === true && !s.enabled) {
      s.enabled = true;
      s.disabledReason = null;
      s.disabledAt = null;
      s.failingSince = null;
    } else if (changes.enabled === false && s.enabled) {
      this.disable('disabled by request', now);
    }
    s.updatedAt = now;
  }

  disable(reason: string, now: Date): void {
    this.state.enabled = false;
    this.state.disabledReason = reason;
    this.state.disabledAt = now;
    this.state.updatedAt = now;
  }

  /**
   * A new secret; the current one keeps signing beside it until `now + overlapMs`, so receivers
   * can switch without losing a message. A secret rotated again within the overlap replaces the
   * newer one only: the oldest still-trusted secret is dropped.
   */
  rotate(secret: SealedKey, now: Date, overlapMs: number): void {
    this.state.previousSecret = this.state.secret;
    this.state.previousSecretUntil = new Date(now.getTime() + overlapMs);
    this.state.secret = secret;
    this.state.secretRotatedAt = now;
    this.state.updatedAt = now;
  }
}
