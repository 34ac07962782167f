import { Injectable } from '@nestjs/common';
import { type OutboxHandler, OutboxHandlers } from '#shared-kernel';

/** The handlers registered in this process, by name and by the message types they take. */
@Injectable()
export class OutboxRegistry extends OutboxHandlers {
  private readonly byName = new Map<string, OutboxHandler>();

  register(handler: OutboxHandler): void {
    if (this.byName.has(handler.name)) throw new Error(`An outbox handler named ${handler.name} is registered already`);
    this.byName.set(handler.name, handler);
  }

  named(name: string): OutboxHandler | undefined {
    return this.byName.get(name);
  }

  /** The handlers of a message type (`*` handlers take every type). */
  of(type: string): OutboxHandler[] {
    return [...this.byName.values()].filter((h) => h.types.includes(type) || h.types.includes('*'));
  }
}
