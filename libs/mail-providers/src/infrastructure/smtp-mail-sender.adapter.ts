import nodemailer, { type Transporter } from 'nodemailer';
import { type MailMessage, MailSender } from '../domain/mail-sender.port.js';

/** Sends over SMTP with nodemailer; SMTP_URL like `smtp://user:pass@host:587` or `smtps://...`. */
export class SmtpMailSender extends MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
}
