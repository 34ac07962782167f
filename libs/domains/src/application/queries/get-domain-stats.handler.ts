import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '#shared-kernel';
import { DomainReadModel, type DomainStats } from '../domain-details.view.js';
import { GetDomainStatsQuery } from './get-domain-stats.query.js';

@QueryHandler(GetDomainStatsQuery)
export class GetDomainStatsHandler implements IQueryHandler<GetDomainStatsQuery, DomainStats> {
  constructor(
    private readonly readModel: DomainReadModel,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<DomainStats> {
    return this.readModel.stats(this.clock.now());
  }
}
