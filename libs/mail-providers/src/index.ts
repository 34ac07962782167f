// Public face of the mail-providers module: its ports and the module that binds them.
export { MailProvidersModule, type MailProvidersOptions } from './mail-providers.module.js';
export { MailSender, type MailMessage } from './domain/mail-sender.port.js';
