import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Permission } from '#iam';
import { UNAVAILABLE_MESSAGE } from '../common/unavailable.js';
import { commonProblemExamples, DOMAINS, EXAMPLE_ACCOUNT, EXAMPLE_DOMAIN_ID, type Examples } from './native.examples.js';
import { PROBLEM_CONTENT_TYPE, TITLES } from './problem.filter.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'limit' }) field: string;
  @ApiProperty({ example: 'limit must not be greater than 1000' }) message: string;
}

/**
 * RFC 9457 problem details, with a stable `code`; other members may add details. The examples are
 * the 503 every route may answer, so that an answer documented without examples of its own shows
 * a real one.
 */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Service Unavailable' }) title: string;
  @ApiProperty({ type: 'integer', example: 503 }) status: number;
  @ApiProperty({ example: 'UNAVAILABLE', description: 'stable, machine-readable error code' }) code: string;
  @ApiProperty({ example: UNAVAILABLE_MESSAGE }) detail: string;
  @ApiProperty({ example: DOMAINS, description: 'the URL of the request' }) instance: string;
}

/** A 400: problem details with the offending fields (its own class, so that its examples are a 400's). */
export class ValidationProblemDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ type: 'integer', example: 400 }) status: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable, machine-readable error code' }) code: string;
  @ApiProperty({ example: 'limit must not be greater than 1000' }) detail: string;
  @ApiProperty({ example: `${DOMAINS}?limit=5000`, description: 'the URL of the request' }) instance: string;
  @ApiPropertyOptional({ description: 'the first offending field (validation errors)', example: 'limit' }) field?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'every offending field (validation errors)' }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED, DOMAIN_INVALID, …)',
  401: 'Missing or unknown API key (UNAUTHORIZED)',
  403: 'The key lacks the permission (FORBIDDEN)',
  404: 'Not found, or not visible to this key',
  409: 'Conflict with the current state',
  415: 'The body is not JSON (Content-Type), or uses an unsupported Content-Encoding or charset',
  422: 'The request cannot be carried out in the current state',
  503: 'A dependency (the database) does not answer; retry later',
};

/** The route's URL and permission, for the examples every route shares, and the route's own examples. */
export interface ProblemExampleOptions {
  instance: string;
  permission?: Permission;
  examples?: Partial<Record<number, Examples>>;
}

/**
 * Documents the problem+json error answers a native route can give; with options, each with
 * examples: the route's own, and those every route shares (commonProblemExamples) for its URL.
 */
export function ProblemResponses(...args: (number | ProblemExampleOptions)[]) {
  const options = args.find((a): a is ProblemExampleOptions => typeof a === 'object');
  const statuses = args.filter((a): a is number => typeof a === 'number');
  const common = options ? commonProblemExamples(options.instance, options.permission) : {};
  return applyDecorators(
    ApiExtraModels(ProblemDto, ValidationProblemDto),
    ...statuses.map((status) => {
      const examples = { ...options?.examples?.[status], ...common[status] };
      return ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? TITLES[status] ?? 'Error',
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(status === 400 ? ValidationProblemDto : ProblemDto) },
            ...(Object.keys(examples).length > 0 ? { examples } : {}),
          },
        },
      });
    }),
  );
}

/** The native API's path parameters, with their exact types. */
export const ACCOUNT_ID_PARAM = { name: 'accountId', schema: { type: 'string', format: 'uuid', example: EXAMPLE_ACCOUNT } } as const;
export const DOMAIN_ID_PARAM = { name: 'domainId', schema: { type: 'integer', minimum: 1, maximum: 2_147_483_647, example: EXAMPLE_DOMAIN_ID } } as const;
