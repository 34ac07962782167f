import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '#iam';
import { EvaluateSpfQuery } from '#verification';
import { BodyValidationPipe } from '../common/validation.js';
import { ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';
import { SpfEvaluationDto, SpfEvaluationRequestDto } from './spf.dto.js';
import { SPF_EVALUATIONS, SPF_EXAMPLES } from './spf.examples.js';

@ApiTags('SPF')
@ApiBearerAuth('bearer')
@Controller('api/v1/spf')
@UseFilters(ProblemExceptionFilter)
@RequirePermission('EmailConfiguration_Read')
export class SpfController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('evaluations')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Evaluate SPF for an address (RFC 7208 check_host())',
    description:
      'Needs `EmailConfiguration_Read` (no account data is read). Asks DNS now, as a receiver does, and answers the RFC 7208 result ' +
      '(`pass`, `fail`, `softfail`, `neutral`, `none`, `permerror`, `temperror`) with the term that decided, the explanation of a fail, ' +
      'the DNS lookups used and every term evaluated. Without `sender` (or with an empty one) the HELO identity is checked.',
  })
  @ApiBody({ type: SpfEvaluationRequestDto, examples: SPF_EXAMPLES.request })
  @ApiOkResponse({ type: SpfEvaluationDto, examples: SPF_EXAMPLES.evaluated })
  @ProblemResponses(400, 401, 403, 409, 415, { instance: SPF_EVALUATIONS, permission: 'EmailConfiguration_Read', examples: SPF_EXAMPLES.problems })
  evaluate(@Body(BodyValidationPipe) body: SpfEvaluationRequestDto) {
    return this.queryBus.execute(new EvaluateSpfQuery(body.ip, body.sender, body.helo));
  }
}
