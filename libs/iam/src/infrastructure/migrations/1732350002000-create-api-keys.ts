import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1732350002000 implements MigrationInterface {
  name = 'CreateApiKeys1732350002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name varchar(200),
        prefix varchar(16) NOT NULL,
        hash char(64) NOT NULL UNIQUE,
        account_ids jsonb NOT NULL,
        permissions jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
