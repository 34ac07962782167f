import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDnsRecords1732350001000 implements MigrationInterface {
  name = 'CreateDnsRecords1732350001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dns_records (
        id serial PRIMARY KEY,
        domain_id integer NOT NULL REFERENCES sending_domains (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        purpose varchar(16) NOT NULL,
        type varchar(8) NOT NULL,
        host varchar(255) NOT NULL,
        value varchar(2048) NOT NULL,
        required boolean NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'unchecked',
        is_valid boolean NOT NULL DEFAULT false,
        found_values jsonb NOT NULL DEFAULT '[]',
        diagnosis text,
        last_checked_at timestamptz,
        UNIQUE (domain_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dns_records`);
  }
}
