import { applyDecorators, NotFoundException } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { type CmRoute, cmBody, cmErrorSchema, cmRouteOf } from './cm-envelope.js';
import { cmAnswerFor } from './cm-exception.filter.js';

type Examples = Record<string, { summary: string; value: unknown }>;
const ex = (summary: string, value: unknown) => ({ summary, value });

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing or unknown API key, or a key without the permission or the account',
  404: 'Not found (also: another account\'s domain)',
  409: 'The Idempotency-Key was used for another request, or its first request is still running',
  415: 'The body is not JSON (Content-Type), or uses an unsupported Content-Encoding or charset',
};

/**
 * Examples every seed route shares, in its envelope: a query parameter it does not take (400), no
 * key or a key without the permission (401), an Idempotency-Key conflict (409, POST), a body that
 * is not JSON (415).
 */
function commonExamples(route: CmRoute): Partial<Record<number, Examples>> {
  return {
    400: { unknownQuery: ex('A query parameter the route does not take', cmBody(route, 'InvalidRequest', 'unknown query parameter "foo"')) },
    401: {
      missing: ex('No API key', cmBody(route, 'Unauthorized', 'Access denied - Missing API key: send Authorization: Bearer <key>')),
      permission: ex('A key without the permission or the account', cmBody(route, 'Unauthorized', 'Access denied - insufficient permissions')),
    },
    409: {
      reused: ex('The Idempotency-Key was used for another request', cmBody(route, 'Conflict', 'This Idempotency-Key was used for a different request; use a new key for a new request')),
      inProgress: ex('The first request with this Idempotency-Key is still running', cmBody(route, 'Conflict', 'A request with this Idempotency-Key is still being processed; retry in a moment')),
    },
    415: { notJson: ex('The body is not JSON', cmBody(route, 'UnsupportedMediaType', 'Content-Type must be application/json, got "text/plain"')) },
  };
}

/** Documents the error answers a seed route can give, each in that route's envelope, with the route's own examples and the shared ones. */
export function CmErrorResponses(route: CmRoute, statuses: readonly number[], examples: Partial<Record<number, Examples>> = {}) {
  const common = commonExamples(route);
  return applyDecorators(
    ...statuses.map((status) => {
      const all = { ...examples[status], ...common[status] };
      return ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: cmErrorSchema(route), ...(Object.keys(all).length > 0 ? { examples: all } : {}) } },
      });
    }),
  );
}

/**
 * The 404 of a request whose path parameter is empty (`url`, e.g. `…/dns/accounts//verify`): no
 * route takes it (the router hands it to the not-found handler before any guard), so it comes in
 * the envelope and with the message the filter gives such a URL.
 */
export function CmEmptyPathParameterResponse(method: string, url: string) {
  const route = cmRouteOf(method, url);
  const answer = cmAnswerFor(new NotFoundException(), route);
  return ApiResponse({
    status: answer.status,
    description: `A path parameter is empty (\`${url.replace(/^.*\/v1/, '')}\`): no route takes the request`,
    content: {
      'application/json': {
        schema: cmErrorSchema(route),
        examples: { emptyPathParameter: ex('An empty path parameter', cmBody(route, answer.code, answer.message)) },
      },
    },
  });
}

/** Path and query parameters of the seed routes, with their exact types. */
export const ACCOUNT_PARAM = {
  name: 'logicalAccountId',
  description: 'The logical account identifier',
  schema: { type: 'string', format: 'uuid', example: '903e1cef-84b3-4500-a9a5-b2ca219f76f5' },
} as const;

export const DOMAIN_ID_PARAM = {
  name: 'domainId',
  description: 'The domain identifier',
  schema: { type: 'integer', minimum: 1, maximum: 2_147_483_647, example: 123 },
} as const;
