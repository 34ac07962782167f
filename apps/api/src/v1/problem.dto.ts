import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, TITLES } from './problem.filter.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'limit' }) field: string;
  @ApiProperty({ example: 'limit must not be greater than 1000' }) message: string;
}

/** RFC 9457 problem details, with a stable `code`; other members may add details. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Not Found' }) title: string;
  @ApiProperty({ type: 'integer', example: 404 }) status: number;
  @ApiProperty({ example: 'DOMAIN_NOT_FOUND', description: 'stable, machine-readable error code' }) code: string;
  @ApiProperty({ example: 'Domain not found' }) detail: string;
  @ApiProperty({ example: '/api/v1/accounts/903e1cef-84b3-4500-a9a5-b2ca219f76f5/domains/123' }) instance: string;
  @ApiPropertyOptional({ description: 'the first offending field (validation errors)', example: 'limit' }) field?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'every offending field (validation errors)' }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED, DOMAIN_INVALID, …)',
  401: 'Missing or unknown API key (UNAUTHENTICATED)',
  403: 'The key lacks the permission (PERMISSION_DENIED)',
  404: 'Not found, or not visible to this key',
  409: 'Conflict with the current state',
  415: 'The body is not JSON (Content-Type), or uses an unsupported Content-Encoding or charset',
  422: 'The request cannot be carried out in the current state',
  503: 'A dependency (the database) does not answer; retry later',
};

/** Documents the problem+json error answers a native route can give. */
export function ProblemResponses(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? TITLES[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

/** The native API's path parameters, with their exact types. */
export const ACCOUNT_ID_PARAM = { name: 'accountId', schema: { type: 'string', format: 'uuid', example: '903e1cef-84b3-4500-a9a5-b2ca219f76f5' } } as const;
export const DOMAIN_ID_PARAM = { name: 'domainId', schema: { type: 'integer', minimum: 1, maximum: 2_147_483_647, example: 123 } } as const;
