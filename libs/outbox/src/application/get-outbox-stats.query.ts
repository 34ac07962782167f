import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type OutboxHandlerState, type OutboxStats, OutboxStore } from '../domain/outbox-store.port.js';

/** Entries by state and the creation time of the oldest pending one (for the metrics). */
export class GetOutboxStatsQuery extends Query<OutboxStats> {}

@QueryHandler(GetOutboxStatsQuery)
export class GetOutboxStatsHandler implements IQueryHandler<GetOutboxStatsQuery, OutboxStats> {
  constructor(private readonly store: OutboxStore) {}

  execute(): Promise<OutboxStats> {
    return this.store.stats();
  }
}

/** Where one handler's deliveries stand (pending entries, the last error, the last delivery). */
export class GetOutboxHandlerStateQuery extends Query<OutboxHandlerState> {
  constructor(readonly handler: string) {
    super();
  }
}

@QueryHandler(GetOutboxHandlerStateQuery)
export class GetOutboxHandlerStateHandler implements IQueryHandler<GetOutboxHandlerStateQuery, OutboxHandlerState> {
  constructor(private readonly store: OutboxStore) {}

  execute({ handler }: GetOutboxHandlerStateQuery): Promise<OutboxHandlerState> {
    return this.store.handlerState(handler);
  }
}
