/** Settings of the mail providers, provided by the composition root. */
export abstract class MailProvidersSettings {
  /** sender of notification e-mails (SMTP_FROM) */
  abstract readonly from: string;
}
