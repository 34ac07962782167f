import { Query } from '@nestjs/cqrs';
import type { AccountScope, Page, PageRequest } from '#shared-kernel';
import type { DeliveryFilter } from '../../domain/delivery-store.port.js';
import type { WebhookDeliveryView, WebhookEndpointView } from '../webhook.views.js';

/** The endpoints the caller may see (their accounts all within its own), newest first. */
export class ListWebhookEndpointsQuery extends Query<Page<WebhookEndpointView>> {
  constructor(
    readonly scope: AccountScope,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** WEBHOOK_NOT_FOUND for one outside the caller's scope, as for a missing one. */
export class GetWebhookEndpointQuery extends Query<WebhookEndpointView> {
  constructor(
    readonly id: string,
    readonly scope: AccountScope,
  ) {
    super();
  }
}

/** An endpoint's delivery log, newest first, by status and event type. */
export class ListWebhookDeliveriesQuery extends Query<Page<WebhookDeliveryView>> {
  constructor(
    readonly endpointId: string,
    readonly scope: AccountScope,
    readonly filter: DeliveryFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** Pending deliveries and the creation time of the oldest (for the metrics). */
export class GetWebhookStatsQuery extends Query<{ pending: number; oldestPendingAt: Date | null }> {}
