import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ProviderIdentity, ProviderName, ProviderRecords, ProviderStatus } from '../domain/mail-provider.port.js';
import { MailProviders } from './mail-providers.js';
import { MailProvidersSettings } from './mail-providers.settings.js';
import {
  DeprovisionIdentityCommand,
  GetProviderRecordsQuery,
  GetProvidersQuery,
  GetProviderStatusQuery,
  ProvisionIdentityCommand,
  SendMailCommand,
} from './provider.commands.js';

@CommandHandler(ProvisionIdentityCommand)
export class ProvisionIdentityHandler implements ICommandHandler<ProvisionIdentityCommand, ProviderIdentity> {
  constructor(private readonly providers: MailProviders) {}
  execute({ provider, request }: ProvisionIdentityCommand): Promise<ProviderIdentity> {
    return this.providers.get(provider).provision(request);
  }
}

@CommandHandler(DeprovisionIdentityCommand)
export class DeprovisionIdentityHandler implements ICommandHandler<DeprovisionIdentityCommand, void> {
  constructor(private readonly providers: MailProviders) {}
  execute({ identity, request }: DeprovisionIdentityCommand): Promise<void> {
    return this.providers.get(identity.provider).deprovision(identity, request);
  }
}

@QueryHandler(GetProviderRecordsQuery)
export class GetProviderRecordsHandler implements IQueryHandler<GetProviderRecordsQuery, ProviderRecords> {
  constructor(private readonly providers: MailProviders) {}
  async execute({ provider, identity, request }: GetProviderRecordsQuery): Promise<ProviderRecords> {
    return this.providers.get(provider).records(identity, request);
  }
}

@QueryHandler(GetProviderStatusQuery)
export class GetProviderStatusHandler implements IQueryHandler<GetProviderStatusQuery, ProviderStatus> {
  constructor(private readonly providers: MailProviders) {}
  execute({ identity, request }: GetProviderStatusQuery): Promise<ProviderStatus> {
    return this.providers.get(identity.provider).status(identity, request);
  }
}

@QueryHandler(GetProvidersQuery)
export class GetProvidersHandler implements IQueryHandler<GetProvidersQuery, { names: ProviderName[]; defaultName: ProviderName }> {
  constructor(private readonly providers: MailProviders) {}
  async execute(): Promise<{ names: ProviderName[]; defaultName: ProviderName }> {
    return { names: this.providers.names, defaultName: this.providers.defaultName };
  }
}

@CommandHandler(SendMailCommand)
export class SendMailHandler implements ICommandHandler<SendMailCommand, void> {
  constructor(
    private readonly providers: MailProviders,
    private readonly settings: MailProvidersSettings,
  ) {}
  execute({ mail }: SendMailCommand): Promise<void> {
    return this.providers.default.send({ ...mail, from: this.settings.from });
  }
}
