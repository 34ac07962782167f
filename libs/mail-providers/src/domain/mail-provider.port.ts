import type { ProviderRecords } from '#shared-kernel';

export type { ProviderRecords };

/** The providers a domain can send through; fixed at registration. */
export const PROVIDER_NAMES = ['builtin', 'ses'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** What a provider is asked to set a domain up for. */
export interface IdentityRequest {
  /** the registration (its id is taken before the provider is asked) */
  domainId: number;
  /** the domain name as DNS knows it (punycode) */
  domain: string;
  accountId: string;
  /** where it sends from (SES region); null: the provider's default */
  region: string | null;
  /** the custom MAIL FROM (return path) subdomain, if any */
  mailFromSubdomain: string | null;
}

/**
 * What the provider keeps about a domain (stored with the domain, opaque to everyone else):
 * its identity at the provider, enough to list the records again and to ask its status.
 */
export type ProviderIdentity = { provider: ProviderName } & Record<string, unknown>;


/**
 * The provider's own view of one part of a domain, three-way like the DNS port's answers:
 * `verified`, `pending` (not yet), `failed` (it gave up, with its error type), plus `error`
 * (it could not be asked, or had a temporary failure): an error never changes a domain's state.
 */
export type ProviderCheck =
  | { kind: 'verified' }
  | { kind: 'pending'; message?: string }
  | { kind: 'failed'; errorType: string }
  | { kind: 'error'; message: string };

/** The provider's view of a domain: signing (DKIM) and, with a custom MAIL FROM, that. `gone`: the provider no longer has the identity. */
export type ProviderStatus = { gone: true } | { gone: false; dkim: ProviderCheck; mailFrom: ProviderCheck | null };

/**
 * What is kept on a domain of its provider's last word (written at each check, read to show the
 * checks): the provider's view, or why it could not be asked or could not set the domain up.
 */
export interface StoredProviderStatus {
  dkim?: ProviderCheck;
  mailFrom?: ProviderCheck | null;
  /** the built-in provider: what the provider zone serves at each selector's name (published, missing, stale, unknown) */
  keys?: Record<string, 'published' | 'missing' | 'stale' | 'unknown'>;
  /** why provisioning (or asking) failed, in words */
  error?: string;
  errorType?: string;
  checkedAt: string;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** the Message-ID header, where the provider lets us set it */
  messageId?: string;
}

/** A failure to reach or use the provider; `retryable` when asking again later may work. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** the provider's error name (e.g. SES's `LimitExceededException`) */
    readonly errorType: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/**
 * Port: a mail provider. `provision` sets the domain up at the provider (idempotent: an identity
 * that exists already is adopted) and answers what to keep; `records` lists what to publish from
 * that (pure); `status` is the provider's view; `deprovision` removes the identity; `send` sends
 * a notification e-mail. Adapters: the built-in provider, AWS SES (v2).
 */
export abstract class MailProvider {
  abstract readonly name: ProviderName;
  abstract provision(request: IdentityRequest): Promise<ProviderIdentity>;
  /** With no identity yet (not provisioned): no records of its own, only the hosts. */
  abstract records(identity: ProviderIdentity | null, request: IdentityRequest): ProviderRecords;
  abstract status(identity: ProviderIdentity, request: IdentityRequest): Promise<ProviderStatus>;
  /**
   * The registration is gone. `otherRegistrationsOfName`: live registrations of the same name at
   * this provider (any account): a provider whose identities are shared by name keeps it for them.
   */
  abstract deprovision(identity: ProviderIdentity, request: IdentityRequest, otherRegistrationsOfName: number): Promise<void>;
  abstract send(mail: OutgoingMail): Promise<void>;
}
