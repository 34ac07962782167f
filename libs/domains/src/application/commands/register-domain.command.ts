import { Command } from '@nestjs/cqrs';
import type { DnsRecordView } from '#dns-records';
import type { AccountScope } from '#shared-kernel';
import type { DomainView } from '../domain.view.js';

/** What a registration may carry; anything beyond the three seed fields is the native API's. */
export interface RegistrationInput {
  accountId: unknown;
  domain: unknown;
  emailAddress?: unknown;
  /** seed 000 requires the contact address; the native API does not */
  emailAddressRequired?: boolean;
  description?: unknown;
  externalId?: unknown;
  metadata?: unknown;
  isDefault?: boolean;
  region?: unknown;
  settings?: unknown;
  trackingPrefix?: unknown;
  mailFromSubdomain?: unknown;
  receiving?: boolean;
  /** adds an ownership-token TXT record, with a token generated now */
  ownershipToken?: boolean;
  spf?: boolean;
  dmarc?: boolean;
  /** the mail provider (`builtin`, `ses`); unset: the default (MAIL_PROVIDER) */
  provider?: unknown;
}

/**
 * Registers a domain in an account of `scope`: sets it up at its mail provider (outside any
 * transaction; a provider that cannot be reached leaves it to be provisioned at its next check),
 * then stores the domain and its records in one transaction. Answers the domain and its records
 * as stored, so the caller needs no second read.
 */
export class RegisterDomainCommand extends Command<{ domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    readonly input: RegistrationInput,
    readonly scope: AccountScope,
    /** the id of the API key registering it */
    readonly createdBy: string | null = null,
  ) {
    super();
  }
}
