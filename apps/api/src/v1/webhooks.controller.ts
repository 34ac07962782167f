import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import {
  CreateWebhookEndpointCommand,
  DeleteWebhookEndpointCommand,
  GetWebhookEndpointQuery,
  ListWebhookDeliveriesQuery,
  ListWebhookEndpointsQuery,
  RetryDeliveryCommand,
  RotateWebhookSecretCommand,
  SendTestEventCommand,
  UpdateWebhookEndpointCommand,
} from '#webhooks';
import { BodyValidationPipe, QueryValidationPipe, UuidParamPipe } from '../common/validation.js';
import { answering } from '../http/idempotency.interceptor.js';
import { PageQueryDto } from './page.dto.js';
import { ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';
import { CreateWebhookDto, ListDeliveriesQueryDto, UpdateWebhookDto, WebhookDeliveryDto, WebhookDeliveryListDto, WebhookEndpointDto, WebhookEndpointListDto, WebhookEndpointWithSecretDto } from './webhooks.dto.js';
import { DELIVERY, EXAMPLE_DELIVERY_ID, EXAMPLE_WEBHOOK_ID, WEBHOOK, WEBHOOK_EXAMPLES, WEBHOOK_PROBLEMS, WEBHOOKS } from './webhooks.examples.js';
import { toDeliveryDto, toEndpointDto } from './webhooks.mapper.js';

const ID_PARAM = { name: 'id', description: 'the endpoint', schema: { type: 'string', format: 'uuid', example: EXAMPLE_WEBHOOK_ID } } as const;
const DELIVERY_PARAM = { name: 'deliveryId', schema: { type: 'string', format: 'uuid', example: EXAMPLE_DELIVERY_ID } } as const;
const PERMISSION = 'Webhooks_Manage';
const SCOPE =
  "A key sees and changes only endpoints whose accounts all lie within its own (an endpoint on every account only a key on every account): any other answers 404, as a missing one.";

/**
 * Webhooks (Standard Webhooks): endpoints, their secrets, a test event, the delivery log and
 * replay. Every command and query gets the key's scope; signing and delivery are the webhooks
 * module's. Errors are problem+json.
 */
@ApiTags('Webhooks')
@ApiBearerAuth('bearer')
@Controller('api/v1/webhooks')
@UseFilters(ProblemExceptionFilter)
@RequirePermission(PERMISSION)
export class WebhooksController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a webhook endpoint',
    description:
      'Needs `Webhooks_Manage`, and the accounts it names (`["*"]`: a key on every account). Every event of those accounts whose type it takes is POSTed to `url`, signed as Standard Webhooks specify. The answer holds its `secret`, shown this once (it is stored sealed, never shown again: rotate it to get a new one). The URL is refused (400, naming why) when it is not https:// or names, or resolves to, an address that may not be reached.',
  })
  @ApiBody({ type: CreateWebhookDto, examples: WEBHOOK_EXAMPLES.createRequest })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto, examples: WEBHOOK_EXAMPLES.created })
  @ProblemResponses(400, 401, 403, 409, 415, { instance: WEBHOOKS, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.create })
  create(@Body(BodyValidationPipe) body: CreateWebhookDto, @CurrentPrincipal() principal: Principal) {
    return answering(
      ({ endpoint, secret }) => ({ ...toEndpointDto(endpoint), secret }),
      () => this.commandBus.execute(new CreateWebhookEndpointCommand(body, principal.scope, principal.keyId)),
    );
  }

  @Get()
  @ApiOperation({ summary: 'List webhook endpoints', description: `Needs \`Webhooks_Manage\`. Newest first, without secrets. ${SCOPE}` })
  @ApiOkResponse({ type: WebhookEndpointListDto, examples: WEBHOOK_EXAMPLES.list })
  @ProblemResponses(400, 401, 403, { instance: WEBHOOKS, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.list })
  async list(@Query(new QueryValidationPipe()) page: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    const found = await this.queryBus.execute(new ListWebhookEndpointsQuery(principal.scope, page));
    return { ...found, items: found.items.map(toEndpointDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook endpoint', description: `Needs \`Webhooks_Manage\`. ${SCOPE}` })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookEndpointDto, examples: WEBHOOK_EXAMPLES.endpoint })
  @ProblemResponses(400, 401, 403, 404, { instance: WEBHOOK, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.endpoint() })
  async get(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return toEndpointDto(await this.queryBus.execute(new GetWebhookEndpointQuery(id, principal.scope)));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a webhook endpoint',
    description: `Needs \`Webhooks_Manage\`. \`url\` (checked as at creation), \`events\`, \`description\`, \`enabled\` (false: it receives nothing and its pending deliveries fail; true again: its failures are forgotten). ${SCOPE}`,
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: UpdateWebhookDto, examples: WEBHOOK_EXAMPLES.updateRequest })
  @ApiOkResponse({ type: WebhookEndpointDto, examples: WEBHOOK_EXAMPLES.updated })
  @ProblemResponses(400, 401, 403, 404, 415, { instance: WEBHOOK, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.update })
  async update(@Param('id', UuidParamPipe) id: string, @Body(BodyValidationPipe) body: UpdateWebhookDto, @CurrentPrincipal() principal: Principal) {
    return toEndpointDto(await this.commandBus.execute(new UpdateWebhookEndpointCommand(id, body, principal.scope)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook endpoint', description: `Needs \`Webhooks_Manage\`. It receives nothing more; its delivery log goes with it. ${SCOPE}` })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ProblemResponses(400, 401, 403, 404, { instance: WEBHOOK, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.endpoint() })
  async remove(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal) {
    await this.commandBus.execute(new DeleteWebhookEndpointCommand(id, principal.scope));
  }

  @Post(':id/secret/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: "Rotate an endpoint's secret",
    description: `Needs \`Webhooks_Manage\`. A new secret, shown this once. For WEBHOOK_SECRET_OVERLAP_HOURS (until \`previousSecretExpiresAt\`) every message carries two signatures, the new secret's and the old one's, so the receiver can switch without losing one. ${SCOPE}`,
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto, examples: WEBHOOK_EXAMPLES.rotated })
  @ProblemResponses(400, 401, 403, 404, 409, 415, { instance: `${WEBHOOK}/secret/rotate`, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.rotate })
  rotate(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return answering(
      ({ endpoint, secret }) => ({ ...toEndpointDto(endpoint), secret }),
      () => this.commandBus.execute(new RotateWebhookSecretCommand(id, principal.scope)),
    );
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a test event',
    description: `Needs \`Webhooks_Manage\`. A \`webhook.test\` event to this endpoint alone, signed like any other and tried at once: the answer is its delivery after that first try (should it fail, it is retried on the schedule). A disabled endpoint receives nothing (409). ${SCOPE}`,
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookDeliveryDto, examples: WEBHOOK_EXAMPLES.tested })
  @ProblemResponses(400, 401, 403, 404, 409, 415, { instance: `${WEBHOOK}/test`, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.test })
  async test(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return toDeliveryDto(await this.commandBus.execute(new SendTestEventCommand(id, principal.scope)));
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "An endpoint's delivery log",
    description: `Needs \`Webhooks_Manage\`. Newest first: per delivery its event, every attempt (time, status code, duration, error, the start of the answer) and the next attempt. Kept WEBHOOK_LOG_DAYS. ${SCOPE}`,
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookDeliveryListDto, examples: WEBHOOK_EXAMPLES.deliveries })
  @ProblemResponses(400, 401, 403, 404, { instance: `${WEBHOOK}/deliveries`, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.deliveries })
  async deliveries(@Param('id', UuidParamPipe) id: string, @Query(new QueryValidationPipe()) query: ListDeliveriesQueryDto, @CurrentPrincipal() principal: Principal) {
    const found = await this.queryBus.execute(new ListWebhookDeliveriesQuery(id, principal.scope, { status: query.status, eventType: query.eventType }, { limit: query.limit, offset: query.offset }));
    return { ...found, items: found.items.map(toDeliveryDto) };
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a delivery again now',
    description: `Needs \`Webhooks_Manage\`. One more attempt now, whatever its status, with the same \`webhook-id\` (receivers drop a copy they have); the answer is the delivery after it. A pending delivery keeps its schedule, a failed one stays failed unless this attempt succeeds. ${SCOPE}`,
  })
  @ApiParam(ID_PARAM)
  @ApiParam(DELIVERY_PARAM)
  @ApiOkResponse({ type: WebhookDeliveryDto, examples: WEBHOOK_EXAMPLES.retried })
  @ProblemResponses(400, 401, 403, 404, 409, 415, { instance: `${DELIVERY}/retry`, permission: PERMISSION, examples: WEBHOOK_PROBLEMS.retry })
  async retry(@Param('id', UuidParamPipe) id: string, @Param('deliveryId', UuidParamPipe) deliveryId: string, @CurrentPrincipal() principal: Principal) {
    return toDeliveryDto(await this.commandBus.execute(new RetryDeliveryCommand(id, deliveryId, principal.scope)));
  }
}
