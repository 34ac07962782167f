import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Telemetry } from '#shared-kernel';
import { ProviderError, type ProviderIdentity, type ProviderName, type ProviderRecords, type ProviderStatus } from '../domain/mail-provider.port.js';
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

/** Runs one provider call and reports it: ok, or the provider's error type (`outcomeOf` may look at the answer). */
async function measured<T>(telemetry: Telemetry, provider: string, operation: string, call: () => Promise<T>, outcomeOf: (result: T) => string = () => 'ok'): Promise<T> {
  const started = performance.now();
  try {
    const result = await call();
    telemetry.providerCall(provider, operation, outcomeOf(result), (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    telemetry.providerCall(provider, operation, error instanceof ProviderError ? error.errorType : 'error', (performance.now() - started) / 1000);
    throw error;
  }
}

@CommandHandler(ProvisionIdentityCommand)
export class ProvisionIdentityHandler implements ICommandHandler<ProvisionIdentityCommand, ProviderIdentity> {
  constructor(
    private readonly providers: MailProviders,
    private readonly telemetry: Telemetry,
  ) {}
  execute({ provider, request }: ProvisionIdentityCommand): Promise<ProviderIdentity> {
    const adapter = this.providers.get(provider);
    return measured(this.telemetry, provider, 'provision', () => adapter.provision(request));
  }
}

@CommandHandler(DeprovisionIdentityCommand)
export class DeprovisionIdentityHandler implements ICommandHandler<DeprovisionIdentityCommand, void> {
  constructor(
    private readonly providers: MailProviders,
    private readonly telemetry: Telemetry,
  ) {}
  execute({ identity, request, otherRegistrationsOfName }: DeprovisionIdentityCommand): Promise<void> {
    const adapter = this.providers.get(identity.provider);
    return measured(this.telemetry, identity.provider, 'deprovision', () => adapter.deprovision(identity, request, otherRegistrationsOfName));
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
  constructor(
    private readonly providers: MailProviders,
    private readonly telemetry: Telemetry,
  ) {}
  execute({ identity, request }: GetProviderStatusQuery): Promise<ProviderStatus> {
    const adapter = this.providers.get(identity.provider);
    return measured(this.telemetry, identity.provider, 'status', () => adapter.status(identity, request), (s) => (s.gone ? 'gone' : s.dkim.kind === 'error' ? 'error' : 'ok'));
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
    private readonly telemetry: Telemetry,
  ) {}
  execute({ mail }: SendMailCommand): Promise<void> {
    const adapter = this.providers.default;
    const { id, ...rest } = mail;
    const host = /@([^>\s]+)>?\s*$/.exec(this.settings.from)?.[1] ?? 'localhost';
    const messageId = id === undefined ? undefined : `<${id}@${host}>`;
    return measured(this.telemetry, adapter.name, 'send', () => adapter.send({ ...rest, messageId, from: this.settings.from }));
  }
}
