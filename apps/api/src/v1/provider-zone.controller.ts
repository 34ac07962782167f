import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { GetProviderZoneFileQuery, GetProviderZoneQuery } from '#dkim';
import { CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import { ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';
import { PROVIDER_ZONE_EXAMPLES, PROVIDER_ZONE_FILE_EXAMPLE, ProviderZoneDto, providerZoneProblems } from './provider-zone.dto.js';

/**
 * The built-in provider's zone (PROVIDER_DNS_ZONE): what it must hold behind the customers'
 * CNAMEs (each account's two DKIM keys and its return-path target, the SPF include) and how its
 * publication stands. For the platform's operators: a key for every account with Provider_Manage.
 */
@ApiTags('Provider zone')
@ApiBearerAuth('bearer')
@Controller('api/v1/provider-zone')
@UseFilters(ProblemExceptionFilter)
@RequirePermission('Provider_Manage')
export class ProviderZoneController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The provider zone and its publication',
    description:
      'Needs `Provider_Manage` on a key for every account. Every record the built-in scheme needs at the names the customers\' CNAMEs point to, and whether the service has published them (`publication.state`: `published`, `pending`, `failing` with the server\'s refusal, or `off` when the operator publishes the zone file).',
  })
  @ApiOkResponse({ type: ProviderZoneDto, examples: PROVIDER_ZONE_EXAMPLES.zone })
  @ProblemResponses(400, 401, 403, { instance: '/api/v1/provider-zone', permission: 'Provider_Manage', examples: providerZoneProblems('/api/v1/provider-zone') })
  async zone(@CurrentPrincipal() principal: Principal) {
    const zone = await this.queryBus.execute(new GetProviderZoneQuery(principal.scope));
    const publication = zone.publication;
    return { ...zone, publication: { ...publication, lastPublishedAt: publication.lastPublishedAt?.toISOString() ?? null } };
  }

  @Get('zone-file')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: 'The provider zone as a BIND zone fragment',
    description: 'Needs `Provider_Manage` on a key for every account. The same records, fully qualified, TXT values in quoted strings of at most 255 bytes: `named-checkzone` accepts it once an SOA and NS records are put in front.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' }, example: PROVIDER_ZONE_FILE_EXAMPLE } } })
  @ProblemResponses(400, 401, 403, { instance: '/api/v1/provider-zone/zone-file', permission: 'Provider_Manage', examples: providerZoneProblems('/api/v1/provider-zone/zone-file') })
  zoneFile(@CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(new GetProviderZoneFileQuery(principal.scope));
  }
}
