import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { QueryBus, CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetDomainRecordsQuery } from '#dns-records';
import { DeleteDomainCommand, GetDomainQuery, ListAccountDomainsQuery, RegisterDomainCommand } from '#domains';
import { CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import { DomainError } from '#shared-kernel';
import { VerifyDomainCommand } from '#verification';
import { BodyValidationPipe, IdParamPipe } from '../common/validation.js';
import { cmBody } from './cm-envelope.js';
import { CmExceptionFilter } from './cm-exception.filter.js';
import {
  AddDomainConfigurationDto,
  DnsRecordsResponseDto,
  DomainConfigResponseDto,
  DomainListResponseDto,
  StatusResponseDto,
  VerifyResponseDto,
} from './email-configuration.dto.js';
import { toDnsEntry, toDnsRecordWithId, toDomainConfig } from './email-configuration.mapper.js';
import { EXAMPLES } from './email-configuration.examples.js';

const ACCOUNT_PARAM = { name: 'logicalAccountId', format: 'uuid', description: 'The logical account identifier', example: '903e1cef-84b3-4500-a9a5-b2ca219f76f5' };

/** Seed 000, the Email Configuration API, exactly: thin adapters over the modules' buses. */
@ApiTags('Email Configuration API')
@ApiBearerAuth()
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
  @ApiResponse({ status: 400, description: 'Invalid request', examples: EXAMPLES.addErrors })
  @ApiResponse({ status: 401, description: 'Missing key or insufficient permissions' })
  async addConfiguration(@Body(BodyValidationPipe) body: AddDomainConfigurationDto, @CurrentPrincipal() principal: Principal) {
    const domain = await this.commandBus.execute(
      new RegisterDomainCommand({ domain: body.domain, accountId: body.accountId, emailAddress: body.emailAddress }, principal.scope),
    );
    const records = await this.queryBus.execute(new GetDomainRecordsQuery([domain.id]));
    return cmBody('addConfiguration', 'Ok', 'Success', { domainConfig: toDomainConfig(domain, records) });
  }

  @Get('configuration/accounts/:logicalAccountId')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: 'Get domain configurations by account', description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_PARAM)
  @ApiOkResponse({ type: DomainListResponseDto, examples: EXAMPLES.listResponse })
  @ApiResponse({ status: 400, description: 'Invalid request parameters', examples: EXAMPLES.listErrors })
  async listDomains(@Param('logicalAccountId') accountId: string, @CurrentPrincipal() principal: Principal) {
    const domains = await this.queryBus.execute(new ListAccountDomainsQuery(accountId, principal.scope));
    const records = await this.queryBus.execute(new GetDomainRecordsQuery(domains.map((d) => d.id)));
    return cmBody('listDomains', 'Ok', 'Success', { domains: domains.map((d) => toDomainConfig(d, records)) });
  }

  @Get('configuration/dns/accounts/:logicalAccountId/domains/:domainId')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: 'Get DNS records by domain', description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_PARAM)
  @ApiParam({ name: 'domainId', type: Number, description: 'The domain identifier', example: 123 })
  @ApiOkResponse({ type: DnsRecordsResponseDto, examples: EXAMPLES.recordsResponse })
  @ApiResponse({ status: 404, description: 'Not found', examples: EXAMPLES.recordsErrors })
  async getDnsRecords(
    @Param('logicalAccountId') accountId: string,
    @Param('domainId', IdParamPipe) domainId: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    const domain = await this.queryBus.execute(new GetDomainQuery({ domainId, accountId }, principal.scope));
    const records = await this.queryBus.execute(new GetDomainRecordsQuery([domain.id]));
    if (records.length === 0) throw new DomainError('RECORDS_NOT_FOUND', 'DNS records not found for the specified domain');
    return cmBody('getDnsRecords', 'Ok', 'Success', { dnsRecords: records.map(toDnsRecordWithId) });
  }

  @Delete('configuration/dns/domains/:domainId')
  @RequirePermission('EmailConfiguration_Delete')
  @ApiOperation({ summary: 'Delete domain configuration', description: 'Soft-deletes the domain and removes its records. Needs `EmailConfiguration_Delete`.' })
  @ApiParam({ name: 'domainId', type: Number, description: 'The domain identifier to delete', example: 123 })
  @ApiOkResponse({ type: StatusResponseDto, examples: EXAMPLES.deleteResponse })
  @ApiResponse({ status: 400, description: 'Invalid domain id', examples: EXAMPLES.deleteErrors400 })
  @ApiResponse({ status: 404, description: 'Domain not found', examples: EXAMPLES.deleteErrors404 })
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
  @ApiQuery({ name: 'domain', required: true, description: 'Domain name to verify (e.g., "example.com")', example: 'example.com' })
  @ApiOkResponse({ type: VerifyResponseDto, examples: EXAMPLES.verifyResponse })
  @ApiResponse({ status: 400, description: 'Domain not found or verification failed', examples: EXAMPLES.verifyErrors })
  @ApiResponse({ status: 401, description: 'Unauthorized', examples: EXAMPLES.verifyUnauthorized })
  async verify(@Param('logicalAccountId') accountId: string, @Query('domain') domain: unknown, @CurrentPrincipal() principal: Principal) {
    if (typeof domain !== 'string') throw new DomainError('DOMAIN_NOT_FOUND', 'Domain not found or not configured for this account');
    const found = await this.queryBus.execute(new GetDomainQuery({ accountId, domain }, principal.scope));
    const result = await this.commandBus.execute(new VerifyDomainCommand(found.id));
    // DNS could not be asked about any record (SERVFAIL, timeouts): nothing was verified.
    if (result.records.every((r) => r.status === 'error')) {
      throw new DomainError('VERIFICATION_FAILED', 'unable to verify domain', { records: result.records.map((r) => r.diagnosis) });
    }
    return cmBody('verify', 'Ok', 'Success', { dnsEntries: result.records.map(toDnsEntry) });
  }
}
