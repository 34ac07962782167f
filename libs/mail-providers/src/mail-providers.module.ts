import { type DynamicModule, Module } from '@nestjs/common';
import { MailSender } from './domain/mail-sender.port.js';
import { LogMailSender } from './infrastructure/log-mail-sender.adapter.js';
import { SmtpMailSender } from './infrastructure/smtp-mail-sender.adapter.js';

export interface MailProvidersOptions {
  smtpUrl?: string;
  from?: string;
}

/** Provides the MailSender port: SMTP when `smtpUrl` is set, else the log adapter. */
@Module({})
export class MailProvidersModule {
  static forRoot(options: MailProvidersOptions): DynamicModule {
    const sender = options.smtpUrl
      ? new SmtpMailSender(options.smtpUrl, options.from ?? 'Sending domains <no-reply@localhost>')
      : new LogMailSender();
    return { module: MailProvidersModule, global: true, providers: [{ provide: MailSender, useValue: sender }], exports: [MailSender] };
  }
}
