export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Port: sends one notification e-mail. Adapters: SMTP (nodemailer) or a structured log line. */
export abstract class MailSender {
  abstract send(message: MailMessage): Promise<void>;
}
