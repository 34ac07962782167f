import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key answers: per API key and key, the request's fingerprint and its answer once given. */
export class CreateIdempotencyKeys1732350007000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1732350007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        owner varchar(64) NOT NULL,
        key varchar(255) NOT NULL,
        fingerprint char(64) NOT NULL,
        status smallint,
        body jsonb,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (owner, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
