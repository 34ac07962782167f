import { Command } from '@nestjs/cqrs';
import type { AccountScope } from '#shared-kernel';
import type { EndpointChanges } from '../../domain/webhook-endpoint.js';
import type { WebhookDeliveryView, WebhookEndpointView } from '../webhook.views.js';

/** What a new endpoint is made of (as the API takes it). */
export interface EndpointInput {
  url: string;
  events: string[];
  accountIds: string[];
  description?: string | null;
}

/** What a PATCH of an endpoint may change (each optional). */
export type EndpointPatch = EndpointChanges;

/**
 * A new endpoint for accounts the caller has (["*"]: a key on every account only), with its
 * secret, answered this once. VALIDATION_FAILED (field `url`) for a URL that may not be reached.
 */
export class CreateWebhookEndpointCommand extends Command<{ endpoint: WebhookEndpointView; secret: string }> {
  constructor(
    readonly input: EndpointInput,
    readonly scope: AccountScope,
    readonly createdBy: string | null,
  ) {
    super();
  }
}

/** WEBHOOK_NOT_FOUND for an endpoint outside the caller's scope, as for a missing one. */
export class UpdateWebhookEndpointCommand extends Command<WebhookEndpointView> {
  constructor(
    readonly id: string,
    readonly patch: EndpointPatch,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** Removes the endpoint and its delivery log. */
export class DeleteWebhookEndpointCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** A new secret, answered this once; the old one signs beside it for WEBHOOK_SECRET_OVERLAP_HOURS. */
export class RotateWebhookSecretCommand extends Command<{ endpoint: WebhookEndpointView; secret: string }> {
  constructor(
    readonly id: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** A `webhook.test` event to this endpoint alone, tried at once: answers its delivery after that first try. */
export class SendTestEventCommand extends Command<WebhookDeliveryView> {
  constructor(
    readonly id: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** One more attempt of a delivery now, with its webhook-id; answers the delivery after it. */
export class RetryDeliveryCommand extends Command<WebhookDeliveryView> {
  constructor(
    readonly endpointId: string,
    readonly deliveryId: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}
