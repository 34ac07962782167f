import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CreateApiKeyCommand, CurrentPrincipal, ListApiKeysQuery, type Principal, RequirePermission, RevokeApiKeyCommand } from '#iam';
import { BodyValidationPipe, QueryValidationPipe, UuidParamPipe } from '../common/validation.js';
import { answering } from '../http/idempotency.interceptor.js';
import { ApiKeyListDto, CreatedApiKeyDto, CreateApiKeyDto } from './api-keys.dto.js';
import { API_KEY_EXAMPLES, EXAMPLE_KEY_ID, KEY_PATH, PROBLEM_EXAMPLES } from './native.examples.js';
import { PageQueryDto } from './page.dto.js';
import { ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';

@ApiTags('API keys')
@ApiBearerAuth('bearer')
@Controller('api/v1/api-keys')
@UseFilters(ProblemExceptionFilter)
@RequirePermission('ApiKeys_Manage')
export class ApiKeysController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key', description: 'Needs `ApiKeys_Manage`. A key can only grant accounts and permissions it has itself. The secret is in this answer only.' })
  @ApiBody({ type: CreateApiKeyDto, examples: API_KEY_EXAMPLES.createRequest })
  @ApiCreatedResponse({ type: CreatedApiKeyDto, examples: API_KEY_EXAMPLES.created })
  @ProblemResponses(400, 401, 403, 409, 415, { instance: '/api/v1/api-keys', permission: 'ApiKeys_Manage', examples: PROBLEM_EXAMPLES.createKey })
  create(@Body(BodyValidationPipe) body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal) {
    return answering((created) => created, () => this.commandBus.execute(new CreateApiKeyCommand(body, principal)));
  }

  @Get()
  @ApiOperation({
    summary: 'List API keys (without secrets)',
    description: 'Needs `ApiKeys_Manage`. Lists the keys whose accounts all lie within the calling key\'s accounts; keys on every account only for a key on every account. Newest first.',
  })
  @ApiOkResponse({ type: ApiKeyListDto, examples: API_KEY_EXAMPLES.list })
  @ProblemResponses(400, 401, 403, { instance: '/api/v1/api-keys', permission: 'ApiKeys_Manage', examples: PROBLEM_EXAMPLES.listKeys })
  list(@Query(new QueryValidationPipe()) page: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new ListApiKeysQuery(principal, page));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'Needs `ApiKeys_Manage`. The key stops working at once. A key outside the calling key\'s accounts answers 404, as a missing one; ' +
      'the last active key that manages keys on every account cannot be revoked (409).',
  })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid', example: EXAMPLE_KEY_ID } })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ProblemResponses(400, 401, 403, 404, 409, { instance: KEY_PATH, permission: 'ApiKeys_Manage', examples: PROBLEM_EXAMPLES.revokeKey })
  async revoke(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal) {
    await this.commandBus.execute(new RevokeApiKeyCommand(id, principal));
  }
}
