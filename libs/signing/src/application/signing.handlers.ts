import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import addressparser from 'nodemailer/lib/addressparser';
import { GetSigningKeyQuery, type SigningKey } from '#dkim';
import { FindSigningDomainsQuery, ListSignableDomainsQuery, type SigningDomainView } from '#domains';
import { DomainError, DomainName, type Page } from '#shared-kernel';
import { signMessage } from '../infrastructure/mailauth-dkim-signer.js';
import { type ExportedKey, type Exporter, GetVaultKeyQuery, ListSigningKeysQuery, SignMessageCommand } from './signing.commands.js';

const notSignable = (why: string) => new DomainError('NOT_SIGNABLE', why);

/** The header block of a message: up to the first empty line (CRLF or LF). */
function headerBlock(message: Buffer): string {
  const text = message.subarray(0, Math.min(message.length, 1024 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** The domain of the message's one `From:` header, or why there is none to sign for. */
export function fromDomain(message: Buffer): string {
  const fields = headerBlock(message).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const from = fields.filter((f) => /^from[ \t]*:/i.test(f));
  if (from.length === 0) throw notSignable('The message has no From: header: DKIM signs for the domain of its From address');
  if (from.length > 1) throw notSignable('The message has more than one From: header (RFC 5322 allows one)');
  const addresses = addressparser(from[0]!.slice(from[0]!.indexOf(':') + 1), { flatten: true });
  if (addresses.length !== 1 || !addresses[0]!.address?.includes('@')) throw notSignable('The From: header must hold exactly one address to sign for');
  try {
    return DomainName.parse(addresses[0]!.address.slice(addresses[0]!.address.lastIndexOf('@') + 1)).value;
  } catch {
    throw notSignable(`The domain of the From address (${addresses[0]!.address}) is not a domain name`);
  }
}

/** Why a registration of the From domain cannot be signed for, in words; null when it can. */
function refusal(domain: SigningDomainView): string | null {
  if (domain.provider !== 'builtin') return `${domain.domain} sends through ${domain.provider}, which signs its mail itself`;
  if (domain.status !== 'active') return `${domain.domain} is ${domain.status}: it is signed for once its records are verified and it is active`;
  return null;
}

@CommandHandler(SignMessageCommand)
export class SignMessageHandler implements ICommandHandler<SignMessageCommand, { signature: string; domain: string; selector: string }> {
  constructor(private readonly queryBus: QueryBus) {}

  async execute({ message, scope }: SignMessageCommand): Promise<{ signature: string; domain: string; selector: string }> {
    const domain = fromDomain(message);
    const [candidate] = await this.queryBus.execute(new FindSigningDomainsQuery(domain, scope));
    if (!candidate) throw notSignable(`${domain} is not a domain of this API key's accounts`);
    const why = refusal(candidate);
    if (why) throw notSignable(why);
    const key = await this.queryBus.execute(new GetSigningKeyQuery(candidate.accountId, scope));
    if (!key) throw notSignable(`The account of ${domain} has no active DKIM key yet`);
    const signature = await signMessage(message, { domain, selector: key.selector, privateKey: key.privateKey });
    return { signature, domain, selector: key.selector };
  }
}

const describeExporter = (exporter: Exporter) => `API key ${exporter.keyId} (accounts ${exporter.scope.all ? 'all' : exporter.scope.accountIds.join(', ')})`;

@QueryHandler(ListSigningKeysQuery)
export class ListSigningKeysHandler implements IQueryHandler<ListSigningKeysQuery, Page<ExportedKey>> {
  private readonly logger = new Logger('DkimExport');

  constructor(private readonly queryBus: QueryBus) {}

  async execute({ exporter, page }: ListSigningKeysQuery): Promise<Page<ExportedKey>> {
    const domains = await this.queryBus.execute(new ListSignableDomainsQuery(exporter.scope, page));
    const byAccount = new Map<string, Promise<SigningKey | null>>();
    const items: ExportedKey[] = [];
    for (const domain of domains.items) {
      if (!byAccount.has(domain.accountId)) byAccount.set(domain.accountId, this.queryBus.execute(new GetSigningKeyQuery(domain.accountId, exporter.scope)));
      const key = await byAccount.get(domain.accountId)!;
      if (key) items.push({ domain: domain.domain, selector: key.selector, algorithm: key.algorithm, privateKey: key.privateKey, activeSince: key.activeSince });
    }
    this.logger.log(`DKIM signing keys exported to ${describeExporter(exporter)}: ${items.length} domains, ${byAccount.size} accounts`);
    return { ...domains, items };
  }
}

@QueryHandler(GetVaultKeyQuery)
export class GetVaultKeyHandler implements IQueryHandler<GetVaultKeyQuery, { selector: string; key: string; domain: string }> {
  private readonly logger = new Logger('DkimExport');

  constructor(private readonly queryBus: QueryBus) {}

  async execute({ domain: name, exporter }: GetVaultKeyQuery): Promise<{ selector: string; key: string; domain: string }> {
    const notFound = new DomainError('DOMAIN_NOT_FOUND', 'Not an active built-in domain of this API key\'s accounts');
    let domain: string;
    try {
      domain = DomainName.parse(name).value;
    } catch {
      throw notFound;
    }
    const [candidate] = await this.queryBus.execute(new FindSigningDomainsQuery(domain, exporter.scope));
    if (!candidate || refusal(candidate)) throw notFound;
    const key = await this.queryBus.execute(new GetSigningKeyQuery(candidate.accountId, exporter.scope));
    if (!key) throw notFound;
    this.logger.log(`DKIM signing key of ${domain} (account ${candidate.accountId}) read through the Vault route by ${describeExporter(exporter)}`);
    return { selector: key.selector, key: key.privateKey, domain };
  }
}
