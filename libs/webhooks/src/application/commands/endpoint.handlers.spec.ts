import { AccountScope, type Clock, DomainError, type UnitOfWork } from '#shared-kernel';
import type { DeliveryRecord } from '../../domain/delivery.js';
import type { DeliveryStore } from '../../domain/delivery-store.port.js';
import type { EndpointRepository } from '../../domain/endpoint.repository.port.js';
import { WebhookEndpoint } from '../../domain/webhook-endpoint.js';
import type { DeliveryWorker } from '../delivery-worker.js';
import { RetryDeliveryCommand, SendTestEventCommand } from './endpoint.commands.js';
import { RetryDeliveryHandler, SendTestEventHandler } from './endpoint.handlers.js';

const ENDPOINT = '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10';
const DELIVERY = '5c0ffee0-1234-4abc-8def-0123456789ab';
const now = new Date('2025-03-14T09:00:00Z');
const scope = AccountScope.allAccounts();

/**
 * The test and retry routes when the endpoint or the delivery goes (a DELETE at the same moment)
 * or the worker holds the delivery: a domain error each, never a TypeError (a 500).
 */
function handlers(attempt: 'done' | 'busy' | null, record: DeliveryRecord | null) {
  const endpoint = WebhookEndpoint.create({ id: ENDPOINT, url: 'https://hooks.example.com/', description: null, events: ['*'], accountIds: ['*'], secret: { kekId: 'k', sealed: 's' }, createdBy: null, now });
  const endpoints = { find: () => Promise.resolve(endpoint) } as unknown as EndpointRepository;
  const claimed = { id: DELIVERY, endpointId: ENDPOINT };
  const deliveries = { deliverTo: () => Promise.resolve(DELIVERY), claimOne: () => Promise.resolve(claimed), get: () => Promise.resolve(record) } as unknown as DeliveryStore;
  const worker = { attemptNow: () => Promise.resolve(attempt), attemptClaimed: () => Promise.resolve(), leaseMs: 15_000 } as unknown as DeliveryWorker;
  const clock = { now: () => now } as Clock;
  const unitOfWork = { run: <T>(work: () => Promise<T>) => work() } as unknown as UnitOfWork;
  return {
    test: () => new SendTestEventHandler(endpoints, deliveries, worker, clock, unitOfWork).execute(new SendTestEventCommand(ENDPOINT, scope)),
    retry: () => new RetryDeliveryHandler(endpoints, deliveries, worker).execute(new RetryDeliveryCommand(ENDPOINT, DELIVERY, scope)),
  };
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('the test and retry routes, racing a deletion or the worker', () => {
  it('a test event whose endpoint is deleted during its attempt: WEBHOOK_NOT_FOUND', async () => {
    await expect(handlers('done', null).test()).rejects.toEqual(code('WEBHOOK_NOT_FOUND'));
    await expect(handlers('done', null).test()).rejects.toBeInstanceOf(DomainError);
  });

  it('a retry of a delivery the worker is attempting: DELIVERY_IN_PROGRESS', async () => {
    await expect(handlers('busy', null).retry()).rejects.toEqual(code('DELIVERY_IN_PROGRESS'));
  });

  it('a retry whose delivery is deleted before or after its attempt: DELIVERY_NOT_FOUND', async () => {
    await expect(handlers(null, null).retry()).rejects.toEqual(code('DELIVERY_NOT_FOUND'));
    await expect(handlers('done', null).retry()).rejects.toEqual(code('DELIVERY_NOT_FOUND'));
    await expect(handlers('done', null).retry()).rejects.toBeInstanceOf(DomainError);
  });
});
