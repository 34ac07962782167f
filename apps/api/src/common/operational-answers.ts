import type { OpenAPIObject } from '@nestjs/swagger';
import { CM_PREFIX, cmErrorSchema, cmRouteOf } from '../email-configuration-v1/cm-envelope.js';
import { PROBLEM_CONTENT_TYPE } from '../v1/problem.filter.js';

/** Answers any route can give whatever it does, with the header that says when to come back. */
const OPERATIONAL: Record<number, string> = {
  503: 'The database does not answer; retry after the Retry-After seconds',
};

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Response = Extract<Operation['responses'][string], { description: string }>;

/**
 * Adds the operational answers (503) to every operation of the document, each in its surface's
 * envelope: the seed's per-route envelope under the Email Configuration API, problem+json elsewhere.
 */
export function documentOperationalAnswers(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const [status, description] of Object.entries(OPERATIONAL)) {
        const content: Response['content'] = path.startsWith(`${CM_PREFIX}/`)
          ? { 'application/json': { schema: cmErrorSchema(cmRouteOf(method.toUpperCase(), path)) } }
          : { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDto' } } };
        operation.responses[status] = { description, headers: RETRY_AFTER, content } satisfies Response;
      }
    }
  }
  return document;
}
