import { Module } from '@nestjs/common';
import { Idempotency } from './application/idempotency.service.js';
import { IdempotencyStore } from './domain/idempotency-store.port.js';
import { TypeOrmIdempotencyStore } from './infrastructure/typeorm-idempotency.store.js';

/** Idempotency-Key answers for the API's POST routes. */
@Module({
  providers: [Idempotency, { provide: IdempotencyStore, useClass: TypeOrmIdempotencyStore }],
  exports: [Idempotency],
})
export class IdempotencyModule {}
