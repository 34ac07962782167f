import nodemailer, { type Transporter } from 'nodemailer';
import { ProviderError } from '../domain/mail-provider.port.js';
import { type MailMessage, MailSender } from '../domain/mail-sender.port.js';

/**
 * What an SMTP failure means for a retry: a 5xx reply is the server's final word on the message
 * (RFC 5321 §4.2.1: permanent negative completion), a 4xx or a connection that failed is worth
 * trying again. Never the credentials of SMTP_URL: only the reply's code and nodemailer's code.
 */
export function smtpError(error: unknown): ProviderError {
  const e = error as { responseCode?: unknown; code?: unknown; response?: unknown } | null;
  const reply = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e?.code === 'string' ? e.code : 'SMTP';
  const text = typeof e?.response === 'string' ? e.response.replace(/\s+/g, ' ').slice(0, 200) : undefined;
  if (reply !== undefined) return new ProviderError(`The SMTP server answered ${text ?? reply}`, reply < 500, `SMTP${reply}`);
  return new ProviderError(`The SMTP server could not be reached (${code})`, true, code);
}

/** Sends over SMTP with nodemailer; SMTP_URL like `smtp://user:pass@host:587` or `smtps://...`. */
export class SmtpMailSender extends MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    // nodemailer waits minutes by default; a notification that cannot go out now is retried by the outbox
    this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, messageId: message.messageId });
    } catch (error) {
      throw smtpError(error);
    }
  }
}
