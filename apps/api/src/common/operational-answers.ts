import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { CM_PREFIX, cmErrorSchema, cmRouteOf } from '../email-configuration-v1/cm-envelope.js';
import { HTTP_LIMITS } from '../http/http-platform.js';
import { PROBLEM_CONTENT_TYPE } from '../v1/problem.filter.js';

/** Answers any route can give whatever it does, with the header that says when to come back. */
const OPERATIONAL: Record<number, string> = {
  503: 'The database does not answer; retry after the Retry-After seconds',
};

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Methods whose body the service reads (http-platform.ts), so whose body may be too large. */
const BODY_METHODS = new Set<string>(['put', 'post', 'patch']);

type Response = ResponseObject;

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Makes a retry safe: the same key with the same request within 24 hours answers the first answer again (with `Idempotent-Replayed: true`), never creating twice; the same key with another request is a 409. 1–255 visible ASCII characters, e.g. a UUID.',
  schema: { type: 'string' as const, minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

/**
 * Adds the operational answers (503) to every operation of the document, each in its surface's
 * envelope: the seed's per-route envelope under the Email Configuration API, problem+json elsewhere;
 * 413 to every operation that takes a body; and to every authenticated POST the Idempotency-Key
 * header with its 409.
 */
export function documentOperationalAnswers(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const content: Response['content'] = path.startsWith(`${CM_PREFIX}/`)
        ? { 'application/json': { schema: cmErrorSchema(cmRouteOf(method.toUpperCase(), path)) } }
        : { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDto' } } };
      for (const [status, description] of Object.entries(OPERATIONAL)) {
        operation.responses[status] = { description, headers: RETRY_AFTER, content } satisfies Response;
      }
      if (BODY_METHODS.has(method)) {
        operation.responses['413'] = {
          description: `The body is larger than ${HTTP_LIMITS.bodyBytes / 1024} kB (counted after decompression)`,
          content,
        } satisfies Response;
      }
      if (operation.security?.length) {
        operation.responses['429'] = { description: 'Too many requests for this API key (RATE_LIMIT_PER_MINUTE); retry after the Retry-After seconds', headers: RETRY_AFTER, content } satisfies Response;
      }
      if (method === 'post' && operation.security?.length) {
        operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
        operation.responses['409'] ??= { description: 'The Idempotency-Key was used for another request, or its first request is still running', content } satisfies Response;
      }
    }
  }
  return document;
}
