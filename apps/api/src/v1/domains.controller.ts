import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { renderZoneFile } from '#dns-records';
import { DeleteDomainCommand, type DomainStatus, GetDomainDetailsQuery, ListDomainsQuery, RegisterDomainCommand, UpdateDomainCommand } from '#domains';
import { CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import { VerifyDomainCommand } from '#verification';
import { BodyValidationPipe, IdParamPipe, QueryValidationPipe, UuidParamPipe } from '../common/validation.js';
import { answering } from '../http/idempotency.interceptor.js';
import { DeletedDto, DomainDto, DomainListDto, ListDomainsQueryDto, RecordListDto, RegisterDomainDto, UpdateDomainDto } from './domains.dto.js';
import { toDomainDto, toRecordState } from './domains.mapper.js';
import { DOMAIN, DOMAIN_EXAMPLES, DOMAINS, PROBLEM_EXAMPLES, ZONE_FILE_EXAMPLE } from './native.examples.js';
import { ACCOUNT_ID_PARAM, DOMAIN_ID_PARAM, ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';

/**
 * The native API's domains: every feature of the four other seeds in one REST style, on the
 * same commands and queries as the seed-000 surface. Every command and query gets the key's
 * scope narrowed to the path's account, so another account's domain answers as a missing one.
 * Errors are problem+json.
 */
@ApiTags('Domains')
@ApiBearerAuth('bearer')
@Controller('api/v1/accounts/:accountId/domains')
@UseFilters(ProblemExceptionFilter)
export class DomainsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @RequirePermission('EmailConfiguration_Create')
  @ApiOperation({
    summary: 'Register a domain',
    description:
      'Needs `EmailConfiguration_Create`. Answers the domain with every record to publish. The records come from the options: DKIM and return path always; SPF and DMARC unless switched off; MX with `receiving`; a tracking CNAME with `trackingPrefix`; an ownership token with `ownershipToken`.',
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiBody({ type: RegisterDomainDto, examples: DOMAIN_EXAMPLES.registerRequest })
  @ApiCreatedResponse({ type: DomainDto, examples: DOMAIN_EXAMPLES.registered })
  @ProblemResponses(400, 401, 403, 404, 409, 415, { instance: DOMAINS, permission: 'EmailConfiguration_Create', examples: PROBLEM_EXAMPLES.register })
  async register(@Param('accountId', UuidParamPipe) accountId: string, @Body(BodyValidationPipe) body: RegisterDomainDto, @CurrentPrincipal() principal: Principal) {
    return answering(
      ({ domain, records }) => toDomainDto(domain, records),
      () =>
        this.commandBus.execute(
          new RegisterDomainCommand({ ...body, accountId, emailAddressRequired: false, spf: body.spf ?? true, dmarc: body.dmarc ?? true }, principal.scope, principal.keyId),
        ),
    );
  }

  @Get()
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: "List an account's domains", description: 'Needs `EmailConfiguration_Read`. Filter by status and name prefix, sort, page.' })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiOkResponse({ type: DomainListDto, examples: DOMAIN_EXAMPLES.list })
  @ProblemResponses(400, 401, 403, 404, { instance: DOMAINS, permission: 'EmailConfiguration_Read', examples: PROBLEM_EXAMPLES.list })
  async list(@Param('accountId', UuidParamPipe) accountId: string, @Query(new QueryValidationPipe(['status'])) query: ListDomainsQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.queryBus.execute(
      new ListDomainsQuery(accountId, { statuses: query.status as DomainStatus[] | undefined, search: query.search, sort: query.sort }, { limit: query.limit, offset: query.offset }, principal.scope),
    );
    return { ...page, items: page.items.map((d) => toDomainDto(d, d.records)) };
  }

  @Get(':domainId')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: 'A domain with the state of every record and check', description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: DomainDto, examples: DOMAIN_EXAMPLES.domain })
  @ProblemResponses(400, 401, 403, 404, { instance: DOMAIN, permission: 'EmailConfiguration_Read', examples: PROBLEM_EXAMPLES.domain() })
  async get(@Param('accountId', UuidParamPipe) accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const domain = await this.queryBus.execute(new GetDomainDetailsQuery({ domainId, accountId }, principal.scope.narrowTo(accountId)));
    return toDomainDto(domain, domain.records);
  }

  @Get(':domainId/dns-records')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: "A domain's records, each with what DNS returned and what is wrong", description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: RecordListDto, examples: DOMAIN_EXAMPLES.records })
  @ProblemResponses(400, 401, 403, 404, { instance: `${DOMAIN}/dns-records`, permission: 'EmailConfiguration_Read', examples: PROBLEM_EXAMPLES.domain('/dns-records') })
  async records(@Param('accountId', UuidParamPipe) accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const domain = await this.queryBus.execute(new GetDomainDetailsQuery({ domainId, accountId }, principal.scope.narrowTo(accountId)));
    return { items: domain.records.map(toRecordState), total: domain.records.length };
  }

  @Get(':domainId/zone-file')
  @RequirePermission('EmailConfiguration_Read')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: "The domain's records as a BIND zone fragment",
    description: 'Needs `EmailConfiguration_Read`. Every record with a comment, names fully qualified, long TXT values split into quoted strings of at most 255 bytes: ready to paste or import.',
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiProduces('text/plain')
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' }, example: ZONE_FILE_EXAMPLE } } })
  @ProblemResponses(400, 401, 403, 404, { instance: `${DOMAIN}/zone-file`, permission: 'EmailConfiguration_Read', examples: PROBLEM_EXAMPLES.domain('/zone-file') })
  async zoneFile(@Param('accountId', UuidParamPipe) accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const domain = await this.queryBus.execute(new GetDomainDetailsQuery({ domainId, accountId }, principal.scope.narrowTo(accountId)));
    return renderZoneFile(domain.domain, domain.records);
  }

  @Patch(':domainId')
  @RequirePermission('EmailConfiguration_Update')
  @ApiOperation({
    summary: 'Change a domain',
    description:
      'Needs `EmailConfiguration_Update`. Fields, the default flag (switched atomically), the tracking prefix (its record generated again), suspension (`status: "suspended"` with a `reason`) and its end (`status: "active"`: verified at once, never forced active).',
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiBody({ type: UpdateDomainDto, examples: DOMAIN_EXAMPLES.updateRequest })
  @ApiOkResponse({ type: DomainDto, examples: DOMAIN_EXAMPLES.updated })
  @ProblemResponses(400, 401, 403, 404, 409, 415, { instance: DOMAIN, permission: 'EmailConfiguration_Update', examples: PROBLEM_EXAMPLES.update })
  async update(
    @Param('accountId', UuidParamPipe) accountId: string,
    @Param('domainId', IdParamPipe) domainId: number,
    @Body(BodyValidationPipe) body: UpdateDomainDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const scope = principal.scope.narrowTo(accountId);
    const { resumed } = await this.commandBus.execute(new UpdateDomainCommand({ domainId, accountId }, body, scope));
    if (resumed) {
      const { domain, records } = await this.commandBus.execute(new VerifyDomainCommand(domainId, scope));
      return toDomainDto(domain, records);
    }
    const domain = await this.queryBus.execute(new GetDomainDetailsQuery({ domainId, accountId }, scope));
    return toDomainDto(domain, domain.records);
  }

  @Post(':domainId/verify')
  @HttpCode(200)
  @RequirePermission('EmailConfiguration_Create')
  @ApiOperation({
    summary: 'Verify a domain now',
    description: "Looks every record up in DNS, stores what it found and answers the new state. Needs `EmailConfiguration_Create` (as the seed's verify route).",
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: DomainDto, examples: DOMAIN_EXAMPLES.verified })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, { instance: `${DOMAIN}/verify`, permission: 'EmailConfiguration_Create', examples: PROBLEM_EXAMPLES.verify })
  async verify(@Param('accountId', UuidParamPipe) accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const { domain, records } = await this.commandBus.execute(new VerifyDomainCommand(domainId, principal.scope.narrowTo(accountId)));
    return toDomainDto(domain, records);
  }

  @Delete(':domainId')
  @RequirePermission('EmailConfiguration_Delete')
  @ApiOperation({ summary: 'Delete a domain', description: 'Needs `EmailConfiguration_Delete`. A soft delete: the domain and its records disappear, the name can be registered again.' })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: DeletedDto, examples: DOMAIN_EXAMPLES.deleted })
  @ProblemResponses(400, 401, 403, 404, { instance: DOMAIN, permission: 'EmailConfiguration_Delete', examples: PROBLEM_EXAMPLES.domain() })
  async remove(@Param('accountId', UuidParamPipe) accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const { deletedAt } = await this.commandBus.execute(new DeleteDomainCommand(domainId, principal.scope.narrowTo(accountId), accountId));
    return { success: true, message: 'Domain deleted', deletedAt: deletedAt.toISOString() };
  }
}
