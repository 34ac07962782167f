import { Injectable } from '@nestjs/common';
import { Clock, Outbox, type OutboxMessage, UnitOfWork } from '#shared-kernel';
import { OutboxStore } from '../domain/outbox-store.port.js';
import { OutboxRegistry } from './outbox-registry.js';
import { OutboxRelay } from './outbox-relay.js';

/**
 * The Outbox port: each message becomes one entry per handler of its type, written in the
 * caller's transaction; once it commits, the relay delivers them at once (and, should this
 * process die first, any instance's relay does it later).
 */
@Injectable()
export class TransactionalOutbox extends Outbox {
  constructor(
    private readonly store: OutboxStore,
    private readonly registry: OutboxRegistry,
    private readonly relay: OutboxRelay,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {
    super();
  }

  async add(messages: readonly OutboxMessage[]): Promise<void> {
    const now = this.clock.now();
    const entries = messages.flatMap((m) =>
      this.registry.of(m.type).map((handler) => ({ eventId: m.id, handler: handler.name, type: m.type, version: m.version, payload: m.data, occurredAt: m.occurredAt, createdAt: now })),
    );
    if (entries.length === 0) return;
    const ids = await this.store.insert(entries);
    this.unitOfWork.afterCommit(() => this.relay.deliver(ids));
  }
}
