/** Seed 000 routes, each with the envelope its answers (errors included) come in. */
export const CM_PREFIX = '/email/configuration/v1';

export type CmRoute = 'addConfiguration' | 'listDomains' | 'getDnsRecords' | 'deleteDomain' | 'verify' | 'unknown';

interface Envelope {
  messageKey: 'statusMessage' | 'message';
  /** the route's payload field, empty in an error answer */
  empty: Record<string, unknown>;
}

const ENVELOPES: Record<CmRoute, Envelope> = {
  addConfiguration: { messageKey: 'statusMessage', empty: { domainConfig: null } },
  listDomains: { messageKey: 'statusMessage', empty: { domains: [] } },
  getDnsRecords: { messageKey: 'statusMessage', empty: {} },
  deleteDomain: { messageKey: 'statusMessage', empty: {} },
  verify: { messageKey: 'message', empty: { dnsEntries: [] } },
  unknown: { messageKey: 'statusMessage', empty: {} },
};

/** Which seed route a request is for, from its method and path (works before routing too). */
export function cmRouteOf(method: string, url: string): CmRoute {
  const path = url.split('?')[0]!.replace(/\/+$/, '').slice(CM_PREFIX.length);
  if (method === 'POST' && path === '/configuration') return 'addConfiguration';
  if (method === 'GET' && /^\/configuration\/accounts\/[^/]+$/.test(path)) return 'listDomains';
  if (method === 'GET' && /^\/configuration\/dns\/accounts\/[^/]+\/domains\/[^/]+$/.test(path)) return 'getDnsRecords';
  if (method === 'DELETE' && /^\/configuration\/dns\/domains\/[^/]+$/.test(path)) return 'deleteDomain';
  if (method === 'POST' && /^\/dns\/accounts\/[^/]+\/verify$/.test(path)) return 'verify';
  return 'unknown';
}

/** A seed-shaped answer: `{ statusCode, statusMessage | message, <payload> }`. */
export function cmBody(route: CmRoute, statusCode: string, message: string, payload?: Record<string, unknown>) {
  const envelope = ENVELOPES[route];
  return { statusCode, [envelope.messageKey]: message, ...(payload ?? envelope.empty) };
}

/** Seed `statusCode`s an error answer of this surface may carry. */
export const CM_ERROR_CODES = ['InvalidRequest', 'Unauthorized', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'TooManyRequests', 'ServiceUnavailable'] as const;

/**
 * OpenAPI schema of a route's error answer: `statusCode`, the route's message key, and the
 * route's payload field empty (null or []), nothing else.
 */
export function cmErrorSchema(route: CmRoute): Record<string, unknown> {
  const envelope = ENVELOPES[route];
  const payload = Object.fromEntries(
    Object.entries(envelope.empty).map(([key, value]) => [
      key,
      value === null ? { type: 'object', nullable: true, enum: [null], description: 'null in an error answer' } : { type: 'array', items: {}, maxItems: 0 },
    ]),
  );
  return {
    type: 'object',
    required: ['statusCode', envelope.messageKey, ...Object.keys(payload)],
    additionalProperties: false,
    properties: {
      statusCode: { type: 'string', enum: [...CM_ERROR_CODES], example: 'InvalidRequest' },
      [envelope.messageKey]: { type: 'string', example: 'Invalid request parameters' },
      ...payload,
    },
  };
}
