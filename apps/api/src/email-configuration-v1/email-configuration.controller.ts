import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, StreamableFile, UseFilters } from '@nestjs/common';
import { QueryBus, CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DeleteDomainCommand, GetDomainDetailsQuery, GetDomainQuery, RegisterDomainCommand, StreamSeedDomainConfigsQuery } from '#domains';
import { CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import { DomainError } from '#shared-kernel';
import { VerifyDomainCommand } from '#verification';
import { BodyValidationPipe, IdParamPipe, QueryValidationPipe } from '../common/validation.js';
import { answering } from '../http/idempotency.interceptor.js';
import { CM_PREFIX, cmBody } from './cm-envelope.js';
import { CmExceptionFilter } from './cm-exception.filter.js';
import { ACCOUNT_PARAM, CmEmptyPathParameterResponse, CmErrorResponses, DOMAIN_ID_PARAM } from './cm-openapi.js';
import {
  AddDomainConfigurationDto,
  DnsRecordsResponseDto,
  DomainConfigResponseDto,
  DomainListResponseDto,
  StatusResponseDto,
  VerifyQueryDto,
  VerifyResponseDto,
} from './email-configuration.dto.js';
import { seedRecords, streamDomainList, toDnsEntry, toDnsRecordWithId, toDomainConfig } from './email-configuration.mapper.js';
import { EXAMPLES } from './email-configuration.examples.js';

/** Seed 000, the Email Configuration API, exactly: thin adapters over the modules' buses. */
@ApiTags('Email Configuration API')
@ApiBearerAuth('bearer')
@Controller('email/configuration/v1')
@UseFilters(CmExceptionFilter)
export class EmailConfigurationController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('configuration')
  @HttpCode(200)
  @RequirePermission('EmailConfiguration_Create')
  @ApiOperation({ summary: 'Add domain configuration', description: 'Registers a domain and generates its DNS records. Needs `EmailConfiguration_Create`.' })
  @ApiBody({ type: AddDomainConfigurationDto, examples: EXAMPLES.addRequest })
  @ApiOkResponse({ type: DomainConfigResponseDto, description: 'Success', examples: EXAMPLES.addResponse })
  @CmErrorResponses('addConfiguration', [400, 401, 409, 415], { 400: EXAMPLES.addErrors })
  async addConfiguration(@Body(BodyValidationPipe) body: AddDomainConfigurationDto, @CurrentPrincipal() principal: Principal) {
    return answering(
      ({ domain, records }) => cmBody('addConfiguration', 'Ok', 'Success', { domainConfig: toDomainConfig(domain, records) }),
      () => this.commandBus.execute(new RegisterDomainCommand({ domain: body.domain, accountId: body.accountId, emailAddress: body.emailAddress }, principal.scope, principal.keyId)),
    );
  }

  @Get('configuration/accounts/:logicalAccountId')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: 'Get domain configurations by account', description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_PARAM)
  @ApiOkResponse({ type: DomainListResponseDto, examples: EXAMPLES.listResponse })
  @CmErrorResponses('listDomains', [400, 401, 404], { 400: EXAMPLES.listErrors, 404: EXAMPLES.listErrors404 })
  async listDomains(@Param('logicalAccountId') accountId: string, @CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    // every domain of the account, as the seed says: sent a page at a time, so any number answers in flat memory
    return streamDomainList(await this.queryBus.execute(new StreamSeedDomainConfigsQuery(accountId, principal.scope)));
  }

  @Get('configuration/dns/accounts/:logicalAccountId/domains/:domainId')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: 'Get DNS records by domain', description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: DnsRecordsResponseDto, examples: EXAMPLES.recordsResponse })
  @CmErrorResponses('getDnsRecords', [400, 401, 404], { 400: EXAMPLES.recordsErrors400, 404: EXAMPLES.recordsErrors })
  async getDnsRecords(
    @Param('logicalAccountId') accountId: string,
    @Param('domainId', IdParamPipe) domainId: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    const domain = await this.queryBus.execute(new GetDomainDetailsQuery({ domainId, accountId }, principal.scope));
    const records = seedRecords(domain.records);
    if (records.length === 0) throw new DomainError('RECORDS_NOT_FOUND', 'DNS records not found for the specified domain');
    return cmBody('getDnsRecords', 'Ok', 'Success', { dnsRecords: records.map(toDnsRecordWithId) });
  }

  @Delete('configuration/dns/domains/:domainId')
  @RequirePermission('EmailConfiguration_Delete')
  @ApiOperation({ summary: 'Delete domain configuration', description: 'Soft-deletes the domain and removes its records. Needs `EmailConfiguration_Delete`.' })
  @ApiParam({ ...DOMAIN_ID_PARAM, description: 'The domain identifier to delete' })
  @ApiOkResponse({ type: StatusResponseDto, examples: EXAMPLES.deleteResponse })
  @CmErrorResponses('deleteDomain', [400, 401, 404], { 400: EXAMPLES.deleteErrors400, 404: EXAMPLES.deleteErrors404 })
  async deleteDomain(@Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    await this.commandBus.execute(new DeleteDomainCommand(domainId, principal.scope));
    return cmBody('deleteDomain', 'Ok', 'Domain deleted successfully');
  }

  @Post('dns/accounts/:logicalAccountId/verify')
  @HttpCode(200)
  @RequirePermission('EmailConfiguration_Create')
  @ApiOperation({
    summary: 'Verify domain configuration',
    description: 'Looks every DNS record of the domain up now, stores what it found and answers per record. Needs `EmailConfiguration_Create`.',
  })
  @ApiParam(ACCOUNT_PARAM)
  @ApiOkResponse({ type: VerifyResponseDto, examples: EXAMPLES.verifyResponse })
  @CmErrorResponses('verify', [400, 401, 409, 415], { 400: EXAMPLES.verifyErrors })
  @CmEmptyPathParameterResponse('POST', `${CM_PREFIX}/dns/accounts//verify`)
  async verify(
    @Param('logicalAccountId') accountId: string,
    @Query(new QueryValidationPipe()) query: VerifyQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (query.domain === undefined) throw new DomainError('VALIDATION_FAILED', 'The domain query parameter is required', { field: 'domain' });
    const found = await this.queryBus.execute(new GetDomainQuery({ accountId, domain: query.domain }, principal.scope));
    const result = await this.commandBus.execute(new VerifyDomainCommand(found.id, principal.scope));
    const records = seedRecords(result.records);
    // DNS could not be asked about any record (SERVFAIL, timeouts): nothing was verified.
    if (records.every((r) => r.status === 'error')) {
      throw new DomainError('VERIFICATION_FAILED', 'unable to verify domain', { records: records.map((r) => r.diagnosis) });
    }
    return cmBody('verify', 'Ok', 'Success', { dnsEntries: records.map(toDnsEntry) });
  }
}
