import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DnsRecordView, GenerateDomainRecordsCommand } from '#dns-records';
import { Clock, DomainError, isAccountId, parseEmailAddress, UnitOfWork } from '#shared-kernel';
import { LIMITS, parseLabel, parseMetadata, parseSettings, parseText } from '../../domain/domain-options.js';
import type { DomainChanges } from '../../domain/sending-domain.entity.js';
import { SendingDomainRepository } from '../../domain/sending-domain.repository.port.js';
import { DomainMessages } from '../domain-messages.js';
import { DomainProviders, identityRequest } from '../domain-providers.js';
import { type DomainView, toDomainView } from '../domain.view.js';
import { type DomainPatch, UpdateDomainCommand } from './update-domain.command.js';

const SETTABLE_STATUSES = ['suspended', 'active'];

@CommandHandler(UpdateDomainCommand)
export class UpdateDomainHandler implements ICommandHandler<UpdateDomainCommand, { domain: DomainView; resumed: boolean }> {
  constructor(
    private readonly domains: SendingDomainRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly commandBus: CommandBus,
    private readonly messages: DomainMessages,
    private readonly clock: Clock,
    private readonly providers: DomainProviders,
  ) {}

  async execute({ target, patch, scope }: UpdateDomainCommand): Promise<{ domain: DomainView; resumed: boolean }> {
    const notFound = new DomainError('DOMAIN_NOT_FOUND', 'Domain not found');
    if (!isAccountId(target.accountId) || !scope.includes(target.accountId)) throw notFound;
    const accountId = target.accountId.toLowerCase();
    if (patch.status !== undefined && !SETTABLE_STATUSES.includes(patch.status)) {
      throw new DomainError('INVALID_TRANSITION', `status can only be set to "suspended", or to "active" to leave a suspension; verification decides the rest`, {
        requested: patch.status,
      });
    }
    const changes = this.changes(patch);
    const reason = parseText('reason', patch.reason, LIMITS.description);
    return this.unitOfWork.run(async () => {
      if (patch.isDefault === true) {
        // the account first, then this row and the current default's, in id order
        await this.domains.lockAccount(accountId);
        await this.domains.lockForDefaultSwitch(accountId, target.domainId);
      }
      const domain = await this.domains.findById(target.domainId, scope, { lock: true });
      if (!domain || domain.accountId !== accountId) throw notFound;
      const now = this.clock.now();
      if (patch.settings !== undefined) changes.settings = parseSettings(patch.settings, domain.snapshot().settings); // over its own
      const regenerate = domain.update(changes, now);
      const unmarked = patch.isDefault === true ? await this.domains.findDefaults(accountId, domain.id, { lock: true }) : [];
      for (const former of unmarked) {
        former.markDefault(false, now);
        await this.domains.update(former);
      }
      if (patch.isDefault !== undefined) domain.markDefault(patch.isDefault, now);
      let resumed = false;
      if (patch.status === 'suspended') {
        if (domain.status !== 'suspended') domain.suspend(now, reason);
      } else if (patch.status === 'active' && domain.status !== 'active') {
        domain.resume(now); // INVALID_TRANSITION unless suspended: a domain is never forced active
        resumed = true;
      }
      await this.domains.update(domain);
      const records = new Map<number, DnsRecordView[]>();
      if (regenerate) {
        const s = domain.snapshot();
        const profile = await this.providers.profile(s.provider, s.providerIdentity, identityRequest(s));
        records.set(domain.id, await this.commandBus.execute(new GenerateDomainRecordsCommand(domain.id, accountId, domain.name, domain.options, profile)));
      }
      await this.messages.write([...unmarked, domain], records);
      return { domain: toDomainView(domain), resumed };
    });
  }

  private changes(patch: DomainPatch): DomainChanges {
    const changes: DomainChanges = {};
    if (patch.description !== undefined) changes.description = parseText('description', patch.description, LIMITS.description);
    if (patch.externalId !== undefined) changes.externalId = parseText('externalId', patch.externalId, LIMITS.externalId);
    if (patch.metadata !== undefined) changes.metadata = parseMetadata(patch.metadata);
    if (patch.emailAddress !== undefined) changes.emailAddress = patch.emailAddress === null ? null : parseEmailAddress(patch.emailAddress);
    if (patch.trackingPrefix !== undefined) changes.trackingPrefix = patch.trackingPrefix === null ? null : parseLabel('trackingPrefix', patch.trackingPrefix);
    if (patch.settings !== undefined) parseSettings(patch.settings); // refused before anything is locked; merged over the domain's own later
    return changes;
  }
}
