import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { NoRateLimit } from '../http/rate-limit.guard.js';
import { DataSource } from 'typeorm';
import { Public } from '#iam';
import { TypeOrmUnitOfWork } from '#shared-kernel';
import { ProblemResponses } from '../v1/problem.dto.js';

/** A database that does not answer within this is down, for the probes. */
const PROBE_TIMEOUT_MS = 2_000;

const CHECKS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up'] } } } },
    error: { type: 'object' },
    details: { type: 'object' },
  },
};

/**
 * Probes: `/health/live` (the process answers: restart it if not), `/health/ready` (it can serve:
 * the database answers and every migration is applied; take it out of the load balancer if not),
 * and `/health`, kept as it always was (the database answers).
 */
@ApiTags('Health')
@NoRateLimit() // probes must always get through
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly database: TypeOrmUnitOfWork,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database readiness', description: 'No key needed. 503 (problem+json) while the database does not answer.' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'database'],
      properties: { status: { type: 'string', enum: ['ok'] }, database: { type: 'string', enum: ['up'] } },
      example: { status: 'ok', database: 'up' },
    },
  })
  @ProblemResponses(503)
  async legacy() {
    try {
      await this.database.prepared('SELECT 1', []); // on the pool, without a TypeORM query runner per probe
      return { status: 'ok', database: 'up' };
    } catch {
      throw new ServiceUnavailableException('The database does not answer');
    }
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness probe', description: 'No key needed. 200 while the process answers; it asks nothing else.' })
  @ApiOkResponse({ schema: CHECKS_SCHEMA, example: { status: 'ok', info: {}, error: {}, details: {} } })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'Readiness probe',
    description: 'No key needed. 200 when the database answers and every migration is applied; 503 (problem+json, with `checks`) otherwise.',
  })
  @ApiOkResponse({ schema: CHECKS_SCHEMA, example: { status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } }, error: {}, details: {} } })
  @ProblemResponses(503)
  ready() {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => void (await this.dataSource.query('SELECT 1')))
          .withTimeout(PROBE_TIMEOUT_MS),
      () =>
        this.indicators
          .check('migrations')
          .attempt(async () => {
            if (await this.dataSource.showMigrations()) throw new Error('migrations are pending');
          })
          .withTimeout(PROBE_TIMEOUT_MS),
    ]);
  }
}
