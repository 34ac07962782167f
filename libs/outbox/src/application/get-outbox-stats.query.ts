import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type OutboxStats, OutboxStore } from '../domain/outbox-store.port.js';

/** Entries by state and the creation time of the oldest pending one (for the metrics). */
export class GetOutboxStatsQuery extends Query<OutboxStats> {}

@QueryHandler(GetOutboxStatsQuery)
export class GetOutboxStatsHandler implements IQueryHandler<GetOutboxStatsQuery, OutboxStats> {
  constructor(private readonly store: OutboxStore) {}

  execute(): Promise<OutboxStats> {
    return this.store.stats();
  }
}
