import { Logger } from '@nestjs/common';
import { type MailMessage, MailSender } from '../domain/mail-sender.port.js';

/** Without SMTP_URL: one structured log line per notification, so nothing is lost silently. */
export class LogMailSender extends MailSender {
  private readonly logger = new Logger('Notification');

  async send(message: MailMessage): Promise<void> {
    this.logger.log(JSON.stringify({ event: 'notification', messageId: message.messageId, to: message.to, subject: message.subject, text: message.text }));
  }
}
