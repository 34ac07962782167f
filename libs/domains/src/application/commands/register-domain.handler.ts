import { randomBytes } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import { CommandBus, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { type DnsRecordView, GenerateDomainRecordsCommand } from '#dns-records';
import { Clock, DomainError, DomainName, parseAccountId, parseEmailAddress, UnitOfWork } from '#shared-kernel';
import { LIMITS, parseLabel, parseMetadata, parseRegion, parseSettings, parseSubdomain, parseText, type RecordOptions } from '../../domain/domain-options.js';
import { SendingDomain } from '../../domain/sending-domain.entity.js';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
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
    private readonly eventBus: EventBus,
    private readonly clock: Clock,
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
    // The domain and its records are stored in one transaction: never one without the other.
    return this.unitOfWork.run(async () => {
      if (input.isDefault) {
        // at most one default per account: taken under the account's lock, the others unmarked
        await this.domains.lockAccount(accountId);
        await this.domains.clearDefault(accountId);
      }
      const created = SendingDomain.register({ id: await this.domains.nextId(), accountId, name: name.value, emailAddress, now: this.clock.now(), ...details, isDefault: input.isDefault ?? false });
      await this.domains.insert(created);
      const records = await this.commandBus.execute(new GenerateDomainRecordsCommand(created.id, accountId, name.value, created.options));
      const events = created.pullEvents();
      this.unitOfWork.afterCommit(() => this.eventBus.publishAll(events));
      return { domain: toDomainView(created), records };
    });
  }
}
