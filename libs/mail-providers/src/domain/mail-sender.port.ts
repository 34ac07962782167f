export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** the Message-ID header (`<…@…>`): the same on every retry of one notification, so receivers can tell a copy */
  messageId?: string;
}

/**
 * Port: how the built-in provider delivers a notification e-mail. Adapters: SMTP (nodemailer) or
 * a structured log line. Failures are ProviderErrors: `retryable` unless the server refused the
 * message for good (an SMTP 5xx).
 */
export abstract class MailSender {
  abstract send(message: MailMessage): Promise<void>;
}
