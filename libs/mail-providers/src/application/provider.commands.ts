import { Command, Query } from '@nestjs/cqrs';
import type { IdentityRequest, OutgoingMail, ProviderIdentity, ProviderName, ProviderRecords, ProviderStatus } from '../domain/mail-provider.port.js';

/**
 * Sets a domain up at its provider (idempotent: an existing identity is adopted) and answers what
 * to keep. Throws ProviderError when the provider cannot be reached or refuses. Call it outside
 * any database transaction.
 */
export class ProvisionIdentityCommand extends Command<ProviderIdentity> {
  constructor(
    readonly provider: ProviderName,
    readonly request: IdentityRequest,
  ) {
    super();
  }
}

/**
 * A registration is gone: its identity at the provider is removed (an identity already gone is
 * fine), unless the provider shares identities by name and other live registrations of the name
 * use it. Throws ProviderError.
 */
export class DeprovisionIdentityCommand extends Command<void> {
  constructor(
    readonly identity: ProviderIdentity,
    readonly request: IdentityRequest,
    readonly otherRegistrationsOfName: number,
  ) {
    super();
  }
}

/** The records a domain's provider needs published, and the hosts its optional records point to (no I/O). */
export class GetProviderRecordsQuery extends Query<ProviderRecords> {
  constructor(
    readonly provider: ProviderName,
    readonly identity: ProviderIdentity | null,
    readonly request: IdentityRequest,
  ) {
    super();
  }
}

/** The provider's own view of a domain (an error inside, never thrown). */
export class GetProviderStatusQuery extends Query<ProviderStatus> {
  constructor(
    readonly identity: ProviderIdentity,
    readonly request: IdentityRequest,
  ) {
    super();
  }
}

/** The providers configured here and the default one. */
export class GetProvidersQuery extends Query<{ names: ProviderName[]; defaultName: ProviderName }> {}

/**
 * Sends a notification e-mail through the default provider (MAIL_PROVIDER). `id` (an event id)
 * becomes its Message-ID, so every retry of one notification is the same message. Throws a
 * ProviderError: `retryable` false when the provider refused it for good.
 */
export class SendMailCommand extends Command<void> {
  constructor(readonly mail: Omit<OutgoingMail, 'from' | 'messageId'> & { id?: string }) {
    super();
  }
}
