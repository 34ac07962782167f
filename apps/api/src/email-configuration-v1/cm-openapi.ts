import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { type CmRoute, cmErrorSchema } from './cm-envelope.js';

type Examples = Record<string, { summary: string; value: unknown }>;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing or unknown API key, or a key without the permission or the account',
  404: 'Not found (also: another account\'s domain)',
  415: 'The body is not JSON (Content-Type), or uses an unsupported Content-Encoding or charset',
};

/** Documents the error answers a seed route can give, each in that route's envelope. */
export function CmErrorResponses(route: CmRoute, statuses: readonly number[], examples: Partial<Record<number, Examples>> = {}) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: cmErrorSchema(route), ...(examples[status] ? { examples: examples[status] } : {}) } },
      }),
    ),
  );
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
