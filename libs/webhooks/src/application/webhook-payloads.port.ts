import type { OutboxMessage } from '#shared-kernel';

/**
 * Port: the `data` of a webhook for an event, in the representation the platform reads (for a
 * domain: the native API's, with the event's own fields beside it). Bound by the composition
 * root, which owns the API surfaces and their mappers. Pure: the same message, the same data.
 */
export abstract class WebhookPayloads {
  /** Throws for a message it cannot render (an unknown version): the event is not sent. */
  abstract render(message: OutboxMessage): Record<string, unknown>;
}
