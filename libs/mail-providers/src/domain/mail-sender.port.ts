export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Port: how the built-in provider delivers a notification e-mail. Adapters: SMTP (nodemailer) or a structured log line. */
export abstract class MailSender {
  abstract send(message: MailMessage): Promise<void>;
}
