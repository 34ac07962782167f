import { type DynamicModule, Module } from '@nestjs/common';
import { Clock } from '#shared-kernel';
import { Idempotency, type IdempotencySettings } from './application/idempotency.service.js';
import { IdempotencyStore } from './domain/idempotency-store.port.js';
import { TypeOrmIdempotencyStore } from './infrastructure/typeorm-idempotency.store.js';

/** Idempotency-Key answers for the API's POST routes. */
@Module({})
export class IdempotencyModule {
  static forRoot(settings: IdempotencySettings): DynamicModule {
    return {
      module: IdempotencyModule,
      providers: [
        { provide: IdempotencyStore, useClass: TypeOrmIdempotencyStore },
        { provide: Idempotency, useFactory: (store: IdempotencyStore, clock: Clock) => new Idempotency(store, clock, settings), inject: [IdempotencyStore, Clock] },
      ],
      exports: [Idempotency],
    };
  }
}
