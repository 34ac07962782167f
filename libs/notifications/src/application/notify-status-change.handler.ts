import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DOMAIN_STATUS_CHANGED, type DomainStatusChangedV1 } from '#domains';
import { ProviderError, SendMailCommand } from '#mail-providers';
import { type OutboxDelivery, type OutboxHandler, OutboxHandlers, PermanentFailure } from '#shared-kernel';

const SENTENCES: Record<string, string> = {
  active: 'All its DNS records are verified: it is ready to send email.',
  failed: 'Its DNS records are missing or wrong. Check the records in your DNS settings; we keep checking and will tell you when it is verified again.',
  suspended: 'It has been suspended and will not be verified until it is resumed.',
  pending: 'It is waiting for its DNS records to be published and verified.',
};

/** The e-mail telling the domain's contact address about a status change. */
export function statusMail(change: DomainStatusChangedV1): { to: string; subject: string; text: string } | null {
  if (!change.emailAddress) return null;
  const why = change.reason ? `Why: ${change.reason}.\n` : '';
  return {
    to: change.emailAddress,
    subject: `Sending domain ${change.domain} is now ${change.status}`,
    text: `The sending domain ${change.domain} changed from ${change.previousStatus} to ${change.status} at ${change.occurredAt}.\n${why}${SENTENCES[change.status] ?? ''}\n`,
  };
}

/**
 * E-mails the domain's contact address when (and only when) its status changes, through the
 * default mail provider (SMTP or a log line for the built-in one, SES SendEmail for SES). It
 * takes the change from the outbox, so the e-mail goes out once the change has committed, even if
 * this process dies first, and is retried while the mail server refuses it for now (a 4xx, no
 * connection); a refusal for good (a 5xx) ends it. Every try carries the same Message-ID (from
 * the event id), so a copy delivered twice after a crash is recognisable as one message.
 */
@Injectable()
export class NotifyStatusChangeHandler implements OutboxHandler, OnModuleInit {
  readonly name = 'status-email';
  readonly types = [DOMAIN_STATUS_CHANGED];

  constructor(
    private readonly commandBus: CommandBus,
    private readonly handlers: OutboxHandlers,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async handle(message: OutboxDelivery): Promise<void> {
    if (message.version !== 1) throw new PermanentFailure(`${message.type} version ${message.version} is unknown to this handler`);
    const mail = statusMail(message.data as unknown as DomainStatusChangedV1);
    if (!mail) return;
    try {
      await this.commandBus.execute(new SendMailCommand({ ...mail, id: message.id }));
    } catch (error) {
      if (error instanceof ProviderError && !error.retryable) throw new PermanentFailure(error.message);
      throw error;
    }
  }
}
