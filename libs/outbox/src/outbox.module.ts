import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Outbox, OutboxHandlers } from '#shared-kernel';
import { GetOutboxHandlerStateHandler, GetOutboxStatsHandler } from './application/get-outbox-stats.query.js';
import { OutboxRegistry } from './application/outbox-registry.js';
import { OutboxRelay } from './application/outbox-relay.js';
import { OutboxSettings } from './application/outbox.settings.js';
import { TransactionalOutbox } from './application/transactional-outbox.js';
import { OutboxStore } from './domain/outbox-store.port.js';
import { TypeOrmOutboxStore } from './infrastructure/typeorm-outbox.store.js';

/**
 * The transactional outbox (global): the `Outbox` port every module writes its events to, the
 * `OutboxHandlers` registry consumers register with, and the relay that delivers them.
 */
@Module({})
export class OutboxModule {
  static forRoot(settings: OutboxSettings): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      imports: [CqrsModule],
      providers: [
        { provide: OutboxSettings, useValue: settings },
        { provide: OutboxStore, useClass: TypeOrmOutboxStore },
        OutboxRegistry,
        { provide: OutboxHandlers, useExisting: OutboxRegistry },
        OutboxRelay,
        TransactionalOutbox,
        { provide: Outbox, useExisting: TransactionalOutbox },
        GetOutboxStatsHandler,
        GetOutboxHandlerStateHandler,
      ],
      exports: [Outbox, OutboxHandlers, OutboxRelay],
    };
  }
}
