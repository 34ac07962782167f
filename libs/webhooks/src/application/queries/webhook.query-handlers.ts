import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, type Page } from '#shared-kernel';
import { DeliveryStore } from '../../domain/delivery-store.port.js';
import { EndpointRepository } from '../../domain/endpoint.repository.port.js';
import { notFound } from '../commands/endpoint.handlers.js';
import { toDeliveryView, toEndpointView, type WebhookDeliveryView, type WebhookEndpointView } from '../webhook.views.js';
import { GetWebhookEndpointQuery, GetWebhookStatsQuery, ListWebhookDeliveriesQuery, ListWebhookEndpointsQuery } from './webhook.queries.js';

@QueryHandler(ListWebhookEndpointsQuery)
export class ListWebhookEndpointsHandler implements IQueryHandler<ListWebhookEndpointsQuery, Page<WebhookEndpointView>> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ scope, page }: ListWebhookEndpointsQuery): Promise<Page<WebhookEndpointView>> {
    const found = await this.endpoints.list(scope, page);
    const now = this.clock.now();
    return { ...found, items: found.items.map((e) => toEndpointView(e, now)) };
  }
}

@QueryHandler(GetWebhookEndpointQuery)
export class GetWebhookEndpointHandler implements IQueryHandler<GetWebhookEndpointQuery, WebhookEndpointView> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ id, scope }: GetWebhookEndpointQuery): Promise<WebhookEndpointView> {
    const endpoint = await this.endpoints.find(id, scope);
    if (!endpoint) throw notFound();
    return toEndpointView(endpoint, this.clock.now());
  }
}

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery, Page<WebhookDeliveryView>> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryStore,
  ) {}

  async execute({ endpointId, scope, filter, page }: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
    if (!(await this.endpoints.find(endpointId, scope))) throw notFound();
    const found = await this.deliveries.list(endpointId, filter, page);
    return { ...found, items: found.items.map(toDeliveryView) };
  }
}

@QueryHandler(GetWebhookStatsQuery)
export class GetWebhookStatsHandler implements IQueryHandler<GetWebhookStatsQuery, { pending: number; oldestPendingAt: Date | null }> {
  constructor(private readonly deliveries: DeliveryStore) {}

  execute(): Promise<{ pending: number; oldestPendingAt: Date | null }> {
    return this.deliveries.stats();
  }
}
