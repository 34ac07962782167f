import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  CreateWebhookEndpointHandler,
  DeleteWebhookEndpointHandler,
  RetryDeliveryHandler,
  RotateWebhookSecretHandler,
  SendTestEventHandler,
  UpdateWebhookEndpointHandler,
} from './application/commands/endpoint.handlers.js';
import { DeliveryAttempts } from './application/delivery-attempts.js';
import { DeliveryWorker } from './application/delivery-worker.js';
import { GetWebhookEndpointHandler, GetWebhookStatsHandler, ListWebhookDeliveriesHandler, ListWebhookEndpointsHandler } from './application/queries/webhook.query-handlers.js';
import { WebhookSecretReseal } from './application/secret-reseal.js';
import { WebhookFanOutHandler } from './application/webhook-fan-out.handler.js';
import { WebhookPayloads } from './application/webhook-payloads.port.js';
import { WebhooksSettings } from './application/webhooks.settings.js';
import { DeliveryStore } from './domain/delivery-store.port.js';
import { EndpointRepository } from './domain/endpoint.repository.port.js';
import { WebhookTransport } from './domain/webhook-transport.port.js';
import { HttpWebhookTransport } from './infrastructure/http-webhook-transport.adapter.js';
import { ThreadedWebhookTransport } from './infrastructure/threaded-webhook-transport.adapter.js';
import { TypeOrmDeliveryStore } from './infrastructure/typeorm-delivery.store.js';
import { TypeOrmEndpointRepository } from './infrastructure/typeorm-endpoint.repository.js';

export interface WebhooksModuleOptions {
  settings: WebhooksSettings;
  /** renders an event's `data` (the composition root's, with the API surfaces' mappers) */
  payloads: Type<WebhookPayloads>;
}

/**
 * Webhooks (Standard Webhooks): endpoints with their sealed secrets, the fan-out of outbox events
 * into deliveries, the delivery worker with its schedule, the log and replay. Needs the
 * `KeyEncryption` the composition root provides, and a WebhookPayloads adapter.
 */
@Module({})
export class WebhooksModule {
  static forRoot(options: WebhooksModuleOptions): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [CqrsModule],
      providers: [
        { provide: WebhooksSettings, useValue: options.settings },
        { provide: WebhookPayloads, useClass: options.payloads },
        { provide: EndpointRepository, useClass: TypeOrmEndpointRepository },
        { provide: DeliveryStore, useClass: TypeOrmDeliveryStore },
        {
          provide: WebhookTransport,
          useFactory: (settings: WebhooksSettings) => (settings.sendThreads > 0 ? new ThreadedWebhookTransport(settings.sendThreads) : new HttpWebhookTransport()),
          inject: [WebhooksSettings],
        },
        DeliveryAttempts,
        DeliveryWorker,
        WebhookFanOutHandler,
        WebhookSecretReseal,
        CreateWebhookEndpointHandler,
        UpdateWebhookEndpointHandler,
        DeleteWebhookEndpointHandler,
        RotateWebhookSecretHandler,
        SendTestEventHandler,
        RetryDeliveryHandler,
        ListWebhookEndpointsHandler,
        GetWebhookEndpointHandler,
        ListWebhookDeliveriesHandler,
        GetWebhookStatsHandler,
      ],
      exports: [DeliveryWorker],
    };
  }
}
