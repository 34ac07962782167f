import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim on a key is a lease, renewed while its request runs (`lease_until`), held by one run
 * (`claim`): a request that died leaves its key to a retry once the lease is over, not for a day.
 */
export class IdempotencyClaimLease1732350010000 implements MigrationInterface {
  name = 'IdempotencyClaimLease1732350010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN claim uuid, ADD COLUMN lease_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN claim, DROP COLUMN lease_until`);
  }
}
