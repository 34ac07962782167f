import { type DynamicModule, Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { EnsureAccountKeysCommand, ReleaseAccountKeysCommand } from '#dkim';
import { MailProviders } from './application/mail-providers.js';
import { MailProvidersSettings } from './application/mail-providers.settings.js';
import {
  DeprovisionIdentityHandler,
  GetProviderRecordsHandler,
  GetProvidersHandler,
  GetProviderStatusHandler,
  ProvisionIdentityHandler,
  SendMailHandler,
} from './application/provider.handlers.js';
import type { MailProvider, ProviderName } from './domain/mail-provider.port.js';
import { type BuiltinHosts, BuiltinMailProvider } from './infrastructure/builtin-mail-provider.adapter.js';
import { LogMailSender } from './infrastructure/log-mail-sender.adapter.js';
import { SesMailProvider, type SesOptions } from './infrastructure/ses-mail-provider.adapter.js';
import { SmtpMailSender } from './infrastructure/smtp-mail-sender.adapter.js';

export interface MailProvidersOptions {
  /** MAIL_PROVIDER: what a registration uses unless it names one, and what sends notifications */
  defaultProvider: ProviderName;
  builtin: BuiltinHosts;
  /** SES, when configured (AWS_REGION or MAIL_PROVIDER=ses) */
  ses?: SesOptions;
  smtpUrl?: string;
  from: string;
}

/** The provider port and its adapters (built-in, SES), behind commands and queries. */
@Module({})
export class MailProvidersModule {
  static forRoot(options: MailProvidersOptions): DynamicModule {
    const sender = options.smtpUrl ? new SmtpMailSender(options.smtpUrl, options.from) : new LogMailSender();
    const providers = (commandBus: CommandBus) => {
      const keys = {
        ensure: (accountId: string, domainId: number) => commandBus.execute(new EnsureAccountKeysCommand(accountId, domainId)),
        release: (accountId: string, domainId: number) => commandBus.execute(new ReleaseAccountKeysCommand(accountId, domainId)),
      };
      const all: MailProvider[] = [new BuiltinMailProvider(options.builtin, sender, keys)];
      if (options.ses) all.push(new SesMailProvider(options.ses));
      return new MailProviders(all, options.defaultProvider);
    };
    return {
      module: MailProvidersModule,
      global: true,
      imports: [CqrsModule],
      providers: [
        { provide: MailProviders, useFactory: providers, inject: [CommandBus] },
        { provide: MailProvidersSettings, useValue: { from: options.from } },
        ProvisionIdentityHandler,
        DeprovisionIdentityHandler,
        GetProviderRecordsHandler,
        GetProviderStatusHandler,
        GetProvidersHandler,
        SendMailHandler,
      ],
    };
  }
}
