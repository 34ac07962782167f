import { Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type DnsRecordView, GetDomainRecordsQuery } from '#dns-records';
import { type DomainView, GetDomainQuery } from '#domains';
import { CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import { VerifyDomainCommand } from '#verification';
import { IdParamPipe } from '../common/validation.js';
import { DomainStateDto } from './domains.dto.js';
import { ACCOUNT_ID_PARAM, DOMAIN_ID_PARAM, ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toDomainState(domain: DomainView, records: DnsRecordView[]): DomainStateDto {
  return {
    id: domain.id,
    accountId: domain.accountId,
    domain: domain.domain,
    status: domain.status,
    isValid: domain.isValid,
    createdAt: domain.createdOn.toISOString(),
    statusChangedAt: domain.statusChangedAt.toISOString(),
    lastCheckedAt: iso(domain.lastCheckedAt),
    verifiedAt: iso(domain.verifiedAt),
    nextCheckAt: iso(domain.nextCheckAt),
    dnsRecords: records.map((r) => ({
      id: r.id,
      purpose: r.purpose,
      type: r.type,
      host: r.host,
      value: r.value,
      required: r.required,
      status: r.status,
      isValid: r.isValid,
      foundValues: r.foundValues,
      diagnosis: r.diagnosis,
      lastCheckedAt: iso(r.lastCheckedAt),
    })),
  };
}


/**
 * Native API (first slice): a domain's full verification state, per record what DNS returned and
 * what is wrong in words, and verification on demand. Errors are problem+json.
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

  @Get(':domainId')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({ summary: 'A domain with the state of every record', description: 'Needs `EmailConfiguration_Read`.' })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: DomainStateDto })
  @ProblemResponses(400, 401, 403, 404)
  async get(@Param('accountId') accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const domain = await this.queryBus.execute(new GetDomainQuery({ domainId, accountId }, principal.scope));
    return toDomainState(domain, await this.queryBus.execute(new GetDomainRecordsQuery([domain.id])));
  }

  @Post(':domainId/verify')
  @HttpCode(200)
  @RequirePermission('EmailConfiguration_Create')
  @ApiOperation({
    summary: 'Verify a domain now',
    description: 'Looks every record up in DNS, stores what it found and answers the new state. Needs `EmailConfiguration_Create` (as the seed\'s verify route).',
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiParam(DOMAIN_ID_PARAM)
  @ApiOkResponse({ type: DomainStateDto })
  @ProblemResponses(400, 401, 403, 404, 415, 422)
  async verify(@Param('accountId') accountId: string, @Param('domainId', IdParamPipe) domainId: number, @CurrentPrincipal() principal: Principal) {
    const domain = await this.queryBus.execute(new GetDomainQuery({ domainId, accountId }, principal.scope));
    const result = await this.commandBus.execute(new VerifyDomainCommand(domain.id));
    return toDomainState(result.domain, result.records);
  }
}
