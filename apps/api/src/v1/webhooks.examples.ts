/**
 * The webhook routes' examples, shown in Swagger: answers this service gives, for one endpoint of
 * the example account followed through its life (created, a delivery retried after a 503, its
 * secret rotated, disabled by a 410 and enabled again).
 */
import { EXAMPLE_ACCOUNT, ex, problem } from './native.examples.js';

export const EXAMPLE_WEBHOOK_ID = '6f1c2a9e-3b7d-4c5e-8f10-2a4b6c8d0e1f';
export const EXAMPLE_DELIVERY_ID = 'c3d9e8f1-7a2b-4c6d-9e0f-1a2b3c4d5e6f';
const EVENT_ID = '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10';
const TEST_EVENT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const WEBHOOKS = '/api/v1/webhooks';
export const WEBHOOK = `${WEBHOOKS}/${EXAMPLE_WEBHOOK_ID}`;
export const DELIVERY = `${WEBHOOK}/deliveries/${EXAMPLE_DELIVERY_ID}`;
const URL = 'https://hooks.example.com/sending-domains';

const CREATED = '2025-03-14T09:21:30.104Z';
const TEST_SENT = '2025-03-14T09:21:44.310Z';
// example.com became active at 09:27:59.931 (the domain examples); the receiver answered 503 once
const VERIFIED = '2025-03-14T09:27:59.931Z';
const FANNED_OUT = '2025-03-14T09:27:59.958Z';
const SECOND_TRY = '2025-03-14T09:28:04.958Z';
const ROTATED = '2025-03-20T11:02:17.448Z';
const OVERLAP_ENDS = '2025-03-21T11:02:17.448Z';
const GONE = '2025-04-01T07:45:09.215Z';
const ENABLED = '2025-04-01T08:10:41.902Z';

const SECRET = 'whsec_q8Zt0Xn3bJ2mYc7vR5kP1wLd9sAe4uHf6gTiOyNr0aE=';
const NEW_SECRET = 'whsec_Vd3kR9pQ2xW7mN5bL8cJ4tY6gF1hS0aZeUoIiXyTq2M=';

const endpoint = {
  id: EXAMPLE_WEBHOOK_ID,
  url: URL,
  description: 'Domain changes for the billing platform',
  events: ['domain.created', 'domain.status_changed', 'domain.deleted'],
  accountIds: [EXAMPLE_ACCOUNT],
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  secretRotatedAt: null,
  previousSecretExpiresAt: null,
  createdAt: CREATED,
  updatedAt: CREATED,
};
const rotated = { ...endpoint, secretRotatedAt: ROTATED, previousSecretExpiresAt: OVERLAP_ENDS, updatedAt: ROTATED };
const gone = { ...rotated, enabled: false, disabledReason: `answered 410 Gone at ${GONE}`, disabledAt: GONE, failingSince: GONE, previousSecretExpiresAt: null, updatedAt: GONE };
const enabledAgain = { ...gone, enabled: true, disabledReason: null, disabledAt: null, failingSince: null, updatedAt: ENABLED };
const everything = {
  ...endpoint,
  id: 'a4e1f7c2-9b3d-4e6f-8a1b-2c3d4e5f6a7b',
  url: 'https://ops.example.net/hooks/sds',
  description: null,
  events: ['*'],
  accountIds: ['*'],
  createdAt: '2025-03-02T15:40:12.877Z',
  updatedAt: '2025-03-02T15:40:12.877Z',
};

const createRequest = { url: URL, events: ['domain.created', 'domain.status_changed', 'domain.deleted'], accountIds: [EXAMPLE_ACCOUNT], description: 'Domain changes for the billing platform' };

const delivered = {
  id: EXAMPLE_DELIVERY_ID,
  endpointId: EXAMPLE_WEBHOOK_ID,
  eventId: EVENT_ID,
  webhookId: `msg_${EVENT_ID.replace(/-/g, '')}`,
  eventType: 'domain.status_changed',
  eventTimestamp: VERIFIED,
  status: 'delivered',
  attempts: [
    { at: FANNED_OUT, trigger: 'scheduled', statusCode: 503, durationMs: 41, error: 'answered 503 Service Unavailable', response: '{"error":"maintenance, back in a minute"}' },
    { at: SECOND_TRY, trigger: 'scheduled', statusCode: 204, durationMs: 23, error: null, response: null },
  ],
  nextAttemptAt: null,
  createdAt: FANNED_OUT,
  deliveredAt: SECOND_TRY,
  failure: null,
};
const retrying = {
  ...delivered,
  status: 'pending',
  attempts: [delivered.attempts[0]],
  nextAttemptAt: SECOND_TRY,
  deliveredAt: null,
};
const FAILED_ID = 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b';
const FAILED_EVENT = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const failed = {
  id: FAILED_ID,
  endpointId: EXAMPLE_WEBHOOK_ID,
  eventId: FAILED_EVENT,
  webhookId: `msg_${FAILED_EVENT.replace(/-/g, '')}`,
  eventType: 'domain.created',
  eventTimestamp: '2025-04-01T07:45:08.990Z',
  status: 'failed',
  attempts: [{ at: GONE, trigger: 'scheduled', statusCode: 410, durationMs: 35, error: 'answered 410 Gone', response: null }],
  nextAttemptAt: null,
  createdAt: '2025-04-01T07:45:09.012Z',
  deliveredAt: null,
  failure: 'the endpoint answered 410 Gone: it was disabled',
};
const REPLAYED = '2025-04-01T08:11:02.530Z';
const replayed = {
  ...failed,
  status: 'delivered',
  attempts: [...failed.attempts, { at: REPLAYED, trigger: 'manual', statusCode: 200, durationMs: 29, error: null, response: 'ok' }],
  deliveredAt: REPLAYED,
  failure: null,
};
const TEST_DELIVERY = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const tested = {
  id: TEST_DELIVERY,
  endpointId: EXAMPLE_WEBHOOK_ID,
  eventId: TEST_EVENT_ID,
  webhookId: `msg_${TEST_EVENT_ID.replace(/-/g, '')}`,
  eventType: 'webhook.test',
  eventTimestamp: TEST_SENT,
  status: 'delivered',
  attempts: [{ at: TEST_SENT, trigger: 'scheduled', statusCode: 200, durationMs: 52, error: null, response: '{"received":true}' }],
  nextAttemptAt: null,
  createdAt: TEST_SENT,
  deliveredAt: TEST_SENT,
  failure: null,
};
const testRefused = {
  ...tested,
  status: 'pending',
  attempts: [{ at: TEST_SENT, trigger: 'scheduled', statusCode: null, durationMs: 10000, error: 'no answer within 10000 ms', response: null }],
  nextAttemptAt: '2025-03-14T09:21:54.313Z',
  deliveredAt: null,
};

export const WEBHOOK_EXAMPLES = {
  createRequest: {
    oneAccount: ex('Some event types of one account', createRequest),
    everything: ex('Every event of every account (a key on every account)', { url: 'https://ops.example.net/hooks/sds', events: ['*'], accountIds: ['*'] }),
  },
  created: { oneAccount: ex('Created: the secret is shown this once', { ...endpoint, secret: SECRET }) },
  list: { page: ex('A page, newest first', { items: [endpoint, everything], total: 2, limit: 20, offset: 0 }) },
  endpoint: { enabled: ex('Receiving', endpoint), disabled: ex('Disabled by a 410 Gone', gone), rotating: ex('During a secret overlap', rotated) },
  updateRequest: {
    events: ex('Other event types', { events: ['domain.verified', 'domain.failed'] }),
    enable: ex('Enable again after it was disabled', { enabled: true }),
    url: ex('A new URL (checked as at creation)', { url: 'https://hooks.example.com/v2/sending-domains' }),
  },
  updated: { enabled: ex('Enabled again: its failures forgotten', enabledAgain) },
  rotated: { rotated: ex('A new secret, shown this once; the old one signs too until previousSecretExpiresAt', { ...rotated, secret: NEW_SECRET }) },
  tested: { delivered: ex('Delivered at the first try', tested), timedOut: ex('No answer in time: retried on the schedule', testRefused) },
  deliveries: {
    page: ex('The log, newest first', { items: [failed, delivered], total: 2, limit: 20, offset: 0 }),
    retrying: ex('A delivery waiting for its next attempt', { items: [retrying], total: 1, limit: 20, offset: 0 }),
  },
  retried: { delivered: ex('Sent again with its webhook-id: delivered', replayed) },
};

const badId = (instance: string, field = 'id') => ex(`A ${field} that is not a UUID`, problem(400, 'VALIDATION_FAILED', `${field} must be a UUID`, instance, { field }));
const webhookNotFound = (instance: string) => ({ notFound: ex("No such endpoint (or one outside the key's accounts)", problem(404, 'WEBHOOK_NOT_FOUND', 'Webhook endpoint not found', instance)) });
const idempotency = (instance: string) => ({
  reused: ex('The Idempotency-Key was used for another request', problem(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key for a new request', instance)),
  inProgress: ex('The first request with this Idempotency-Key is still running', problem(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment', instance)),
});
const disabled = (instance: string) => ({
  disabled: ex('The endpoint is disabled', problem(409, 'WEBHOOK_DISABLED', `The endpoint is disabled (answered 410 Gone at ${GONE}); enable it first (PATCH with "enabled": true)`, instance)),
});
const urlRefused = (message: string) => problem(400, 'VALIDATION_FAILED', message, WEBHOOKS, { field: 'url', errors: [{ field: 'url', message }] });

/** Route-specific problem examples, by route. */
export const WEBHOOK_PROBLEMS = {
  create: {
    400: {
      loopback: ex('A loopback address', urlRefused("url's host 127.0.0.1 is a loopback address")),
      metadata: ex('The cloud metadata address', urlRefused("url's host 169.254.169.254 is a cloud metadata address")),
      resolves: ex('A name that resolves to a private address', urlRefused("url's host hooks.internal.example.com resolves to 10.0.4.17, a private address")),
      http: ex('http:// where only https:// is allowed', urlRefused('url must be an https:// URL (http:// is refused unless WEBHOOK_ALLOW_HTTP=true)')),
      credentials: ex('Credentials in the URL', urlRefused('url must not contain credentials (user:password@): authenticate deliveries by their signature')),
      events: ex(
        'An unknown event type',
        problem(400, 'VALIDATION_FAILED', 'events: unknown event type "domain.activated"; known: domain.created, domain.updated, domain.status_changed, domain.verified, domain.failed, domain.deleted, domain.records_changed, dkim.rotated', WEBHOOKS, {
          field: 'events',
          errors: [{ field: 'events', message: 'events: unknown event type "domain.activated"; known: domain.created, domain.updated, domain.status_changed, domain.verified, domain.failed, domain.deleted, domain.records_changed, dkim.rotated' }],
        }),
      ),
    },
    403: { accounts: ex('An account the key does not have', problem(403, 'FORBIDDEN', 'A key can only create endpoints for accounts it has itself', WEBHOOKS)) },
    409: idempotency(WEBHOOKS),
  },
  list: {
    400: { limit: ex('A limit out of range', problem(400, 'VALIDATION_FAILED', 'limit must not be greater than 1000', `${WEBHOOKS}?limit=5000`, { field: 'limit', errors: [{ field: 'limit', message: 'limit must not be greater than 1000' }] })) },
  },
  endpoint: (suffix = '') => ({
    400: { id: badId(`${WEBHOOKS}/42${suffix}`) },
    404: webhookNotFound(`${WEBHOOK}${suffix}`),
  }),
  update: {
    400: { id: badId(`${WEBHOOKS}/42`), url: ex('A URL that may not be reached', problem(400, 'VALIDATION_FAILED', "url's host 10.1.2.3 is a private address", WEBHOOK, { field: 'url', errors: [{ field: 'url', message: "url's host 10.1.2.3 is a private address" }] })) },
    404: webhookNotFound(WEBHOOK),
  },
  rotate: {
    400: { id: badId(`${WEBHOOKS}/42/secret/rotate`) },
    404: webhookNotFound(`${WEBHOOK}/secret/rotate`),
    409: idempotency(`${WEBHOOK}/secret/rotate`),
  },
  test: {
    400: { id: badId(`${WEBHOOKS}/42/test`) },
    404: webhookNotFound(`${WEBHOOK}/test`),
    409: { ...disabled(`${WEBHOOK}/test`), ...idempotency(`${WEBHOOK}/test`) },
  },
  deliveries: {
    400: {
      id: badId(`${WEBHOOKS}/42/deliveries`),
      status: ex('An unknown status', problem(400, 'VALIDATION_FAILED', 'status must be one of the following values: pending, delivered, failed', `${WEBHOOK}/deliveries?status=lost`, { field: 'status', errors: [{ field: 'status', message: 'status must be one of the following values: pending, delivered, failed' }] })),
    },
    404: {
      ...webhookNotFound(`${WEBHOOK}/deliveries`),
      emptyId: ex('No endpoint id in the path', problem(404, 'NOT_FOUND', 'No such route', `${WEBHOOKS}//deliveries`)),
    },
  },
  retry: {
    400: { deliveryId: badId(`${WEBHOOK}/deliveries/7/retry`, 'deliveryId') },
    404: {
      ...webhookNotFound(`${DELIVERY}/retry`),
      delivery: ex('No such delivery of this endpoint', problem(404, 'DELIVERY_NOT_FOUND', 'Webhook delivery not found', `${DELIVERY}/retry`)),
    },
    409: {
      ...disabled(`${DELIVERY}/retry`),
      attemptUnderWay: ex('An attempt is under way', problem(409, 'DELIVERY_IN_PROGRESS', 'An attempt of this delivery is under way; look again in a moment', `${DELIVERY}/retry`)),
      ...idempotency(`${DELIVERY}/retry`),
    },
  },
};
