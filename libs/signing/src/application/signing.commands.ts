import { Command, Query } from '@nestjs/cqrs';
import type { AccountScope, Page, PageRequest } from '#shared-kernel';

/**
 * Signs a message (RFC 5322, as received) for the domain of its `From:` header, with the active
 * key of that domain's account: the domain must be a live, active, built-in domain within
 * `scope` (NOT_SIGNABLE, saying why, otherwise). Answers the DKIM-Signature header field
 * (CRLF-terminated, to prepend to the message).
 */
export class SignMessageCommand extends Command<{ signature: string; domain: string; selector: string }> {
  constructor(
    readonly message: Buffer,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** Who exports private keys: logged with every export (never the keys). */
export interface Exporter {
  keyId: string;
  scope: AccountScope;
}

/** One domain's signing key, for an MTA that signs itself. */
export interface ExportedKey {
  domain: string;
  /** as the customer's records name it: `cm1<acct>` */
  selector: string;
  algorithm: 'rsa-sha256';
  /** PKCS#8 PEM */
  privateKey: string;
  activeSince: Date;
}

/** The active key of every live, active, built-in domain within the exporter's scope, a page at a time (logged). */
export class ListSigningKeysQuery extends Query<Page<ExportedKey>> {
  constructor(
    readonly exporter: Exporter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/**
 * The signing key of one domain as rspamd's Vault client reads it (active selector alone: rspamd
 * signs with every entry). DOMAIN_NOT_FOUND unless it is a live, active, built-in domain within
 * the exporter's scope. Logged.
 */
export class GetVaultKeyQuery extends Query<{ selector: string; key: string; domain: string }> {
  constructor(
    readonly domain: string,
    readonly exporter: Exporter,
  ) {
    super();
  }
}
