import { performance } from 'node:perf_hooks';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DOMAIN_STATUS_CHANGED } from '#domains';
import { Clock, type OutboxDelivery, type OutboxHandler, OutboxHandlers, type OutboxMessage, PermanentFailure } from '#shared-kernel';
import type { ClaimedDelivery, WebhookMessage } from '../domain/delivery.js';
import { DeliveryStore } from '../domain/delivery-store.port.js';
import { DeliveryWorker, TOTAL_CONCURRENCY } from './delivery-worker.js';
import { DOMAIN_FAILED, DOMAIN_VERIFIED, SOURCE_TYPES } from './event-types.js';
import { derivedEventId } from '../domain/signature.js';
import { WebhookPayloads } from './webhook-payloads.port.js';

/** a chunk is worth claiming ahead once the worker has room for this many of its deliveries */
const ROOM_AT_LEAST = 32;
/**
 * Deliveries claimed per statement at most: a chunk's statement is written while the last chunk's
 * deliveries are sent (a few chunks are claimed ahead), where one large chunk would leave the
 * slots idle while it is written.
 */
const CHUNK = TOTAL_CONCURRENCY;
/** chunks written at once */
const LANES = 2;
/** how long one hand-over waits for the worker's room in all; after that the rest is written unclaimed (in chunks as well), for the worker's claims */
const ROOM_WAIT_MS = 500;

/**
 * Takes every event a webhook may carry from the outbox (a change to `active` or `failed` is also
 * `domain.verified` or `domain.failed`) and fans it out: the body rendered once (`{ type,
 * timestamp, data }`, `data` from WebhookPayloads) and stored as it will be signed and sent, and
 * one delivery for each enabled endpoint that takes its type and account. Idempotent by the event
 * id: a second delivery of the outbox entry adds nothing. The outbox hands the entries it claimed
 * together over at once (`handleMany`); their fan-outs are written a statement per chunk of as many
 * messages as the worker has room for, and each entry counts as delivered only once every chunk
 * has committed. A chunk's deliveries are written claimed (up to the worker's room, at most a few
 * times its slots): their first tries start as slots free, with no claim statement of their own.
 * From there, and for deliveries written unclaimed, they are the DeliveryWorker's, on the
 * webhooks' own schedule.
 */
@Injectable()
export class WebhookFanOutHandler implements OutboxHandler, OnModuleInit {
  readonly name = 'webhooks';
  readonly types = SOURCE_TYPES;
  /** deliveries per message, as the last fan-out made them: how many messages a chunk takes */
  private perMessage = 1;

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
    const [failure] = await this.handleMany([message]);
    if (failure !== undefined) throw failure;
  }

  /**
   * The entries the outbox claimed together, fanned out in one statement (its own transaction):
   * one commit for all. A message that cannot be rendered fails alone, for good.
   */
  async handleMany(deliveries: readonly OutboxDelivery[]): Promise<readonly unknown[]> {
    const now = this.clock.now();
    const failures: unknown[] = [];
    const messages: WebhookMessage[] = [];
    for (const message of deliveries) {
      try {
        messages.push(...this.messagesOf(message, now));
        failures.push(undefined);
      } catch (error) {
        failures.push(error);
      }
    }
    // in chunks of what the worker has room for, each chunk's deliveries claimed as they are
    // written (started by the worker as slots free), LANES chunks written at once; waiting for room
    // at most ROOM_WAIT_MS in all
    const waitUntil = performance.now() + ROOM_WAIT_MS;
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const ready = await this.worker.roomFor(ROOM_AT_LEAST, waitUntil - performance.now());
        const room = ready ? this.worker.reserveFirstTries(ROOM_AT_LEAST, CHUNK) : null;
        if (ready && !room) continue; // the other lane took the room first: wait again, within the deadline
        const chunk = messages.slice(next, next + Math.max(1, Math.floor((room?.limit ?? CHUNK) / this.perMessage)));
        next += chunk.length;
        let claimed: readonly ClaimedDelivery[] = [];
        try {
          const written = await this.store.fanOut(chunk, room);
          claimed = written.claimed;
          if (written.created > 0) this.perMessage = written.created / chunk.length;
          if (written.created > claimed.length) this.worker.kick();
        } finally {
          if (room) this.worker.startFirstTries(room, claimed);
        }
      }
    };
    // a lane that throws fails every entry (each is retried: the fan-out is idempotent)
    const failed = (await Promise.allSettled(Array.from({ length: LANES }, lane))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return failures;
  }

  /** The webhook messages of one outbox message: a change to active or failed is also an event of its own type, with an id of its own (the same on every try). */
  private messagesOf(message: OutboxDelivery, now: Date): WebhookMessage[] {
    if (message.version !== 1) throw new PermanentFailure(`${message.type} version ${message.version} is unknown to the webhooks`);
    const events: OutboxMessage[] = [message];
    const also = message.type === DOMAIN_STATUS_CHANGED ? (message.data.status === 'active' ? DOMAIN_VERIFIED : message.data.status === 'failed' ? DOMAIN_FAILED : null) : null;
    if (also) events.push({ ...message, id: derivedEventId(message.id, also), type: also });
    const accountId = typeof message.data.accountId === 'string' ? message.data.accountId.toLowerCase() : null;
    return events.map((event) => ({
      eventId: event.id,
      type: event.type,
      accountId,
      occurredAt: event.occurredAt,
      body: JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: this.render(event) }),
      createdAt: now,
    }));
  }

  private render(message: OutboxMessage): Record<string, unknown> {
    try {
      return this.payloads.render(message);
    } catch (error) {
      throw new PermanentFailure(`${message.type} ${message.id} cannot be rendered: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
