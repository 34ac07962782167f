import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NotifyStatusChangeHandler } from './application/notify-status-change.handler.js';

/** Tells people what happened to their domains: status-change e-mails (webhooks are the webhooks module's). */
@Module({ imports: [CqrsModule], providers: [NotifyStatusChangeHandler] })
export class NotificationsModule {}
