import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DOMAIN_STATUS_CHANGED } from '#domains';
import { Clock, type OutboxDelivery, type OutboxHandler, OutboxHandlers, type OutboxMessage, PermanentFailure } from '#shared-kernel';
import type { WebhookMessage } from '../domain/delivery.js';
import { DeliveryStore } from '../domain/delivery-store.port.js';
import { DeliveryWorker } from './delivery-worker.js';
import { DOMAIN_FAILED, DOMAIN_VERIFIED, SOURCE_TYPES } from './event-types.js';
import { derivedEventId } from '../domain/signature.js';
import { WebhookPayloads } from './webhook-payloads.port.js';

/**
 * Takes every event a webhook may carry from the outbox (a change to `active` or `failed` is also
 * `domain.verified` or `domain.failed`) and fans it out: the body rendered once (`{ type,
 * timestamp, data }`, `data` from WebhookPayloads) and stored as it will be signed and sent, and
 * one delivery for each enabled endpoint that takes its type and account. Idempotent by the event
 * id: a second delivery of the outbox entry adds nothing. The outbox hands several entries over
 * at once; their fan-outs are written together in one statement (a group commit), and each
 * entry counts as delivered only once that statement has committed. From there the deliveries are
 * the DeliveryWorker's, on the webhooks' own schedule.
 */
@Injectable()
export class WebhookFanOutHandler implements OutboxHandler, OnModuleInit {
  readonly name = 'webhooks';
  readonly types = SOURCE_TYPES;
  private readonly queued: { messages: WebhookMessage[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly payloads: WebhookPayloads,
    private readonly store: DeliveryStore,
    private readonly worker: DeliveryWorker,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async handle(message: OutboxDelivery): Promise<void> {
    if (message.version !== 1) throw new PermanentFailure(`${message.type} version ${message.version} is unknown to the webhooks`);
    const events: OutboxMessage[] = [message];
    // a change to active or failed is also an event of its own type, with an id of its own (the same on every try)
    const also = message.type === DOMAIN_STATUS_CHANGED ? (message.data.status === 'active' ? DOMAIN_VERIFIED : message.data.status === 'failed' ? DOMAIN_FAILED : null) : null;
    if (also) events.push({ ...message, id: derivedEventId(message.id, also), type: also });
    const accountId = typeof message.data.accountId === 'string' ? message.data.accountId.toLowerCase() : null;
    const now = this.clock.now();
    const messages = events.map((event) => ({
      eventId: event.id,
      type: event.type,
      accountId,
      occurredAt: event.occurredAt,
      body: JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: this.render(event) }),
      createdAt: now,
    }));
    await new Promise<void>((resolve, reject) => {
      this.queued.push({ messages, resolve, reject });
      if (!this.writing) void this.write();
    });
  }

  /**
   * Writes what the outbox's concurrent deliveries handed over, in one statement (a group commit:
   * those that come while it runs go in the next one), and settles each of them with it.
   */
  private async write(): Promise<void> {
    this.writing = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.queued.splice(0);
        try {
          const created = await this.store.fanOut(batch.flatMap((b) => b.messages)); // one statement: its own transaction
          if (created > 0) this.worker.kick();
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error); // each outbox entry is retried: the fan-out is idempotent
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private render(message: OutboxMessage): Record<string, unknown> {
    try {
      return this.payloads.render(message);
    } catch (error) {
      throw new PermanentFailure(`${message.type} ${message.id} cannot be rendered: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
