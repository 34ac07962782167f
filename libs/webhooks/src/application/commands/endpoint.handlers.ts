import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { ResolveHostAddressesQuery } from '#verification';
import { type AccountScope, Clock, DomainError, KeyEncryption, UnitOfWork } from '#shared-kernel';
import { firstForbidden } from '../../domain/address-policy.js';
import { DeliveryStore } from '../../domain/delivery-store.port.js';
import { EndpointRepository } from '../../domain/endpoint.repository.port.js';
import { generateSecret } from '../../domain/signature.js';
import { parseAccountIds, parseDescription, parseEventTypes, secretContext, WebhookEndpoint } from '../../domain/webhook-endpoint.js';
import { readWebhookUrl } from '../../domain/webhook-url.js';
import { DeliveryWorker } from '../delivery-worker.js';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST } from '../event-types.js';
import { toDeliveryView, toEndpointView, type WebhookDeliveryView, type WebhookEndpointView } from '../webhook.views.js';
import { WebhooksSettings } from '../webhooks.settings.js';
import {
  CreateWebhookEndpointCommand,
  DeleteWebhookEndpointCommand,
  RetryDeliveryCommand,
  RotateWebhookSecretCommand,
  SendTestEventCommand,
  UpdateWebhookEndpointCommand,
} from './endpoint.commands.js';

export const notFound = () => new DomainError('WEBHOOK_NOT_FOUND', 'Webhook endpoint not found');
const deliveryNotFound = () => new DomainError('DELIVERY_NOT_FOUND', 'Webhook delivery not found');
const deliveryBusy = () => new DomainError('DELIVERY_IN_PROGRESS', 'An attempt of this delivery is under way; look again in a moment');

const urlRefused = (message: string) => new DomainError('VALIDATION_FAILED', message, { field: 'url', errors: [{ field: 'url', message }] });

/**
 * The URL an endpoint may have: the rules of readWebhookUrl, and a host name's addresses as the
 * service's resolver gives them now, each a public unicast address (unless
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS). A name that does not resolve yet is taken: every delivery
 * checks its addresses again anyway.
 */
export async function checkedUrl(raw: string, settings: WebhooksSettings, queryBus: QueryBus): Promise<string> {
  const read = readWebhookUrl(raw, settings);
  if ('refused' in read) throw urlRefused(read.refused);
  const { url, host, literal } = read.target;
  if (!literal && !settings.allowPrivateNetworks) {
    const found = await queryBus.execute(new ResolveHostAddressesQuery(host));
    const refused = found.kind === 'addresses' ? firstForbidden(found.addresses) : null;
    if (refused) throw urlRefused(`url's host ${host} resolves to ${refused.address}, ${refused.kind}`);
  }
  return url.toString();
}

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler implements ICommandHandler<CreateWebhookEndpointCommand, { endpoint: WebhookEndpointView; secret: string }> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly settings: WebhooksSettings,
    private readonly queryBus: QueryBus,
    @Inject(KeyEncryption) private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ input, scope, createdBy }: CreateWebhookEndpointCommand): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
    const accountIds = parseAccountIds(input.accountIds, scope);
    const events = parseEventTypes(input.events, WEBHOOK_EVENT_TYPES);
    const description = parseDescription(input.description);
    const url = await checkedUrl(input.url, this.settings, this.queryBus);
    const id = randomUUID();
    const secret = generateSecret();
    const now = this.clock.now();
    const endpoint = WebhookEndpoint.create({ id, url, description, events, accountIds, secret: this.encryption.seal(Buffer.from(secret, 'utf8'), secretContext(id)), createdBy, now });
    // stored with the request's answer when it keeps one (an Idempotency-Key): a retry gets this secret, never a second endpoint
    return this.unitOfWork.run(async () => {
      await this.endpoints.insert(endpoint);
      return { endpoint: toEndpointView(endpoint, now), secret };
    }, { answersRequest: true });
  }
}

@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler implements ICommandHandler<UpdateWebhookEndpointCommand, WebhookEndpointView> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryStore,
    private readonly settings: WebhooksSettings,
    private readonly queryBus: QueryBus,
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
    private readonly worker: DeliveryWorker,
  ) {}

  async execute({ id, patch, scope }: UpdateWebhookEndpointCommand): Promise<WebhookEndpointView> {
    if (!(await this.endpoints.find(id, scope))) throw notFound();
    const events = patch.events === undefined ? undefined : parseEventTypes(patch.events, WEBHOOK_EVENT_TYPES);
    const description = patch.description === undefined ? undefined : parseDescription(patch.description);
    const url = patch.url === undefined ? undefined : await checkedUrl(patch.url, this.settings, this.queryBus); // outside the transaction: DNS
    const view = await this.unitOfWork.run(async () => {
      const endpoint = await this.endpoints.find(id, scope, { lock: true });
      if (!endpoint) throw notFound();
      const wasEnabled = endpoint.enabled;
      const now = this.clock.now();
      endpoint.update({ url, events, description, enabled: patch.enabled }, now);
      await this.endpoints.update(endpoint);
      if (wasEnabled && !endpoint.enabled) await this.deliveries.failPending(endpoint.id, now);
      return toEndpointView(endpoint, now);
    });
    this.worker.forget(id); // first tries waiting here with what it was
    this.worker.kick(); // enabled again, or a new URL: what is due goes now
    return view;
  }
}

@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand, void> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly worker: DeliveryWorker,
  ) {}

  async execute({ id, scope }: DeleteWebhookEndpointCommand): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (!(await this.endpoints.find(id, scope, { lock: true }))) throw notFound();
      await this.endpoints.delete(id); // its deliveries with it; an attempt under way finds nothing to record
    });
    this.worker.forget(id); // nor is a first try waiting here sent
  }
}

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand, { endpoint: WebhookEndpointView; secret: string }> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly settings: WebhooksSettings,
    @Inject(KeyEncryption) private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
    private readonly worker: DeliveryWorker,
  ) {}

  async execute({ id, scope }: RotateWebhookSecretCommand): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
    const secret = generateSecret();
    const rotated = await this.unitOfWork.run(async () => {
      const endpoint = await this.endpoints.find(id, scope, { lock: true });
      if (!endpoint) throw notFound();
      const now = this.clock.now();
      endpoint.rotate(this.encryption.seal(Buffer.from(secret, 'utf8'), secretContext(id)), now, this.settings.secretOverlapMs);
      await this.endpoints.update(endpoint);
      return { endpoint: toEndpointView(endpoint, now), secret };
    }, { answersRequest: true });
    this.worker.forget(id); // first tries waiting here are signed with the new secret too, once taken again
    return rotated;
  }
}

/** The endpoint, visible and enabled; a disabled one receives nothing, tests and retries included. */
async function enabledEndpoint(endpoints: EndpointRepository, id: string, scope: AccountScope, options?: { lock?: boolean }): Promise<WebhookEndpoint> {
  const endpoint = await endpoints.find(id, scope, options);
  if (!endpoint) throw notFound();
  if (!endpoint.enabled) {
    throw new DomainError('WEBHOOK_DISABLED', `The endpoint is disabled (${endpoint.snapshot().disabledReason ?? 'by request'}); enable it first (PATCH with "enabled": true)`);
  }
  return endpoint;
}

@CommandHandler(SendTestEventCommand)
export class SendTestEventHandler implements ICommandHandler<SendTestEventCommand, WebhookDeliveryView> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryStore,
    private readonly worker: DeliveryWorker,
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ id, scope }: SendTestEventCommand): Promise<WebhookDeliveryView> {
    const now = this.clock.now();
    const eventId = randomUUID();
    const claimed = await this.unitOfWork.run(async () => {
      // locked while the delivery is written: an endpoint deleted meanwhile is not found, never a foreign-key error
      const endpoint = await enabledEndpoint(this.endpoints, id, scope, { lock: true });
      const data = { endpointId: endpoint.id, message: 'A test event from the sending-domain service: this endpoint receives and verifies our webhooks.' };
      const body = JSON.stringify({ type: WEBHOOK_TEST, timestamp: now.toISOString(), data });
      const deliveryId = await this.deliveries.deliverTo({ eventId, type: WEBHOOK_TEST, accountId: null, occurredAt: now, body, createdAt: now }, endpoint.id);
      // claimed by this request in the transaction that writes it: the worker never sees it unclaimed
      const delivery = await this.deliveries.claimOne(endpoint.id, deliveryId, now, new Date(now.getTime() + this.worker.leaseMs), true);
      if (delivery === null || delivery === 'busy') throw new Error(`the test delivery ${deliveryId} just written could not be claimed (${delivery})`);
      return delivery;
    });
    // its first try, now, in this request; should it fail, the schedule goes on as for any delivery
    await this.worker.attemptClaimed(claimed, 'scheduled');
    // gone since (the endpoint deleted, its deliveries with it): not found, as a missing one
    const record = await this.deliveries.get(id, claimed.id);
    if (!record) throw notFound();
    return toDeliveryView(record);
  }
}

@CommandHandler(RetryDeliveryCommand)
export class RetryDeliveryHandler implements ICommandHandler<RetryDeliveryCommand, WebhookDeliveryView> {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryStore,
    private readonly worker: DeliveryWorker,
  ) {}

  async execute({ endpointId, deliveryId, scope }: RetryDeliveryCommand): Promise<WebhookDeliveryView> {
    const endpoint = await enabledEndpoint(this.endpoints, endpointId, scope);
    const done = await this.worker.attemptNow(endpoint.id, deliveryId, false);
    if (done === null) throw deliveryNotFound();
    if (done === 'busy') throw deliveryBusy();
    // deleted since the attempt (with its endpoint, or pruned): not found, as a missing one
    const record = await this.deliveries.get(endpoint.id, deliveryId);
    if (!record) throw deliveryNotFound();
    return toDeliveryView(record);
  }
}
