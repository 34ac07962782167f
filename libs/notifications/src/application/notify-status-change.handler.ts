import { Logger } from '@nestjs/common';
import { CommandBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { DomainStatusChangedEvent } from '#domains';
import { SendMailCommand } from '#mail-providers';

const SENTENCES: Record<string, string> = {
  active: 'All its DNS records are verified: it is ready to send email.',
  failed: 'Its DNS records are missing or wrong. Check the records in your DNS settings; we keep checking and will tell you when it is verified again.',
  suspended: 'It has been suspended and will not be verified until it is resumed.',
  pending: 'It is waiting for its DNS records to be published and verified.',
};

/**
 * E-mails the domain's contact address when (and only when) its status changes, through the
 * default mail provider (SMTP or a log line for the built-in one, SES SendEmail for SES). A
 * failing notification is logged and never fails the verification that caused it.
 */
@EventsHandler(DomainStatusChangedEvent)
export class NotifyStatusChangeHandler implements IEventHandler<DomainStatusChangedEvent> {
  private readonly logger = new Logger('Notifications');

  constructor(private readonly commandBus: CommandBus) {}

  async handle(event: DomainStatusChangedEvent): Promise<void> {
    if (!event.emailAddress) return;
    try {
      await this.commandBus.execute(
        new SendMailCommand({
          to: event.emailAddress,
          subject: `Sending domain ${event.domain} is now ${event.to}`,
          text: `The sending domain ${event.domain} changed from ${event.from} to ${event.to} at ${event.occurredAt.toISOString()}.\n${SENTENCES[event.to] ?? ''}\n`,
        }),
      );
    } catch (error) {
      this.logger.warn(`Could not notify ${event.emailAddress} about ${event.domain}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
