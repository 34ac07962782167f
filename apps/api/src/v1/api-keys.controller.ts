import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateApiKeyCommand, CurrentPrincipal, ListApiKeysQuery, type Principal, RequirePermission, RevokeApiKeyCommand } from '#iam';
import { BodyValidationPipe } from '../common/validation.js';
import { ApiKeyDto, CreatedApiKeyDto, CreateApiKeyDto } from './api-keys.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';

@ApiTags('API keys')
@ApiBearerAuth()
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
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body(BodyValidationPipe) body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal) {
    return this.commandBus.execute(new CreateApiKeyCommand(body, principal));
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (without secrets)', description: 'Needs `ApiKeys_Manage`.' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list() {
    return { data: await this.queryBus.execute(new ListApiKeysQuery()) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Needs `ApiKeys_Manage`. The key stops working at once.' })
  @ApiNoContentResponse()
  async revoke(@Param('id') id: string) {
    await this.commandBus.execute(new RevokeApiKeyCommand(id));
  }
}
