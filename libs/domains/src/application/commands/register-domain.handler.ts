import { randomBytes } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DnsRecordView, GenerateDomainRecordsCommand } from '#dns-records';
import { Clock, DomainError, DomainName, parseAccountId, parseEmailAddress, UnitOfWork } from '#shared-kernel';
import { LIMITS, parseLabel, parseMetadata, parseRegion, parseSettings, parseSubdomain, parseText, type RecordOptions } from '../../domain/domain-options.js';
import { SendingDomain } from '../../domain/sending-domain.entity.js';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainMessages } from '../domain-messages.js';
import { DomainProviders, identityRequest } from '../domain-providers.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { RegisterDomainCommand, type RegistrationInput } from './register-domain.command.js';

/** The ownership token a customer publishes: 32 random characters after a fixed prefix. */
function ownershipToken(): string {
  return `sds-verification=${randomBytes(24).toString('base64url')}`;
}

function recordOptions(input: RegistrationInput): RecordOptions {
  return {
    trackingPrefix: input.trackingPrefix === undefined || input.trackingPrefix === null ? null : parseLabel('trackingPrefix', input.trackingPrefix),
    mailFromSubdomain: input.mailFromSubdomain === undefined || input.mailFromSubdomain === null ? null : parseSubdomain('mailFromSubdomain', input.mailFromSubdomain),
    receiving: input.receiving ?? false,
    ownershipToken: input.ownershipToken ? ownershipToken() : null,
    spf: input.spf ?? false,
    dmarc: input.dmarc ?? false,
  };
}

@CommandHandler(RegisterDomainCommand)
export class RegisterDomainHandler implements ICommandHandler<RegisterDomainCommand, { domain: DomainView; records: DnsRecordView[] }> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly messages: DomainMessages,
    private readonly clock: Clock,
    private readonly providers: DomainProviders,
  ) {}

  async execute({ input, scope, createdBy }: RegisterDomainCommand): Promise<{ domain: DomainView; records: DnsRecordView[] }> {
    const name = DomainName.parse(input.domain);
    const accountId = parseAccountId(input.accountId);
    const emailAddress = input.emailAddressRequired === false && (input.emailAddress === undefined || input.emailAddress === null) ? null : parseEmailAddress(input.emailAddress);
    if (!scope.includes(accountId)) {
      throw new DomainError('PERMISSION_DENIED', 'Access denied - insufficient permissions');
    }
    const details = {
      displayName: domainToUnicode(name.value) || name.value,
      description: parseText('description', input.description, LIMITS.description),
      externalId: parseText('externalId', input.externalId, LIMITS.externalId),
      metadata: parseMetadata(input.metadata),
      region: parseRegion(input.region),
      settings: parseSettings(input.settings),
      options: recordOptions(input),
      createdBy,
    };
    const provider = await this.providers.choose(input.provider);
    // a second live registration of the name in the account: said before anything is set up at the provider
    if (await this.domains.nameTaken(accountId, name.value)) {
      throw new DomainError('DOMAIN_EXISTS', 'Domain already exists for this account', { domain: name.value });
    }
    // the id first: a provider may keep what it sets up by registration (the built-in one counts its keys' users)
    const id = await this.domains.nextId();
    const request = identityRequest({ id, name: name.value, accountId, region: details.region, options: details.options });
    const { identity, status } = await this.providers.provision(provider, request); // outside any transaction
    const profile = await this.providers.profile(provider, identity, request);
    // The domain and its records are stored in one transaction (never one without the other),
    // with the request's answer when it keeps one (an Idempotency-Key).
    return this.unitOfWork.run(async () => {
      const now = this.clock.now();
      const unmarked: SendingDomain[] = [];
      if (input.isDefault) {
        // at most one default per account: taken under the account's lock, the former one unmarked
        await this.domains.lockAccount(accountId);
        for (const former of await this.domains.findDefaults(accountId, id, { lock: true })) {
          former.markDefault(false, now);
          await this.domains.update(former);
          unmarked.push(former);
        }
      }
      const created = SendingDomain.register({
        id,
        accountId,
        name: name.value,
        emailAddress,
        now,
        ...details,
        isDefault: input.isDefault ?? false,
        provider,
        providerIdentity: identity,
        providerStatus: status,
      });
      await this.domains.insert(created);
      const records = await this.commandBus.execute(new GenerateDomainRecordsCommand(created.id, accountId, name.value, created.options, profile, true));
      await this.messages.write([...unmarked, created], new Map([[created.id, records]]));
      return { domain: toDomainView(created), records };
    }, { answersRequest: true });
  }
}
