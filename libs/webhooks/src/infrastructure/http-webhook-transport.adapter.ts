import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RESPONSE_READ_BYTES } from '../application/delivery-attempts.js';
import { TOTAL_CONCURRENCY } from '../application/delivery-worker.js';
import { type WebhookAnswer, type WebhookPost, WebhookTransport } from '../domain/webhook-transport.port.js';
import { WebhookHttpClient } from './webhook-http-client.js';

/**
 * Idle keep-alive connections kept per receiver host: as many as the worker may have in use at
 * once (its own limits bound those), since attempts come in bursts (a claim's worth start
 * together and end together); with fewer, the connections past the limit are closed at the end of
 * one burst and opened again for the next. They close after a minute unused.
 */
const IDLE_SOCKETS_PER_HOST = TOTAL_CONCURRENCY;

/** The HTTP client's settings, the same wherever it runs. */
export const HTTP_CLIENT_OPTIONS = { responseReadBytes: RESPONSE_READ_BYTES, idleSocketsPerHost: IDLE_SOCKETS_PER_HOST };

/**
 * Sends webhooks from the thread that calls it, with the webhooks' HTTP client (WebhookHttpClient:
 * node:http and node:https with keep-alive agents, connecting to the address given, redirects never
 * followed). The service sends from a thread of its own instead (ThreadedWebhookTransport) unless
 * WEBHOOK_SEND_THREADS is 0.
 */
@Injectable()
export class HttpWebhookTransport extends WebhookTransport implements OnModuleDestroy {
  private readonly client = new WebhookHttpClient(HTTP_CLIENT_OPTIONS);

  onModuleDestroy(): void {
    this.client.destroy();
  }

  post(request: WebhookPost): Promise<WebhookAnswer> {
    return this.client.post(request);
  }
}
