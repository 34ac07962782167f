import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-record state the native API shows: the account (so record queries are scoped by
 * themselves), MX priority, the merged SPF suggestion, what a check measured, attempts, since
 * when the record is valid, when it was created.
 */
export class RecordCheckFields1732350005000 implements MigrationInterface {
  name = 'RecordCheckFields1732350005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE dns_records
        ADD COLUMN account_id uuid,
        ADD COLUMN priority smallint,
        ADD COLUMN suggested_value text,
        ADD COLUMN details jsonb,
        ADD COLUMN check_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN verified_at timestamptz,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE dns_records r SET account_id = d.account_id, created_at = d.created_on,
                          verified_at = CASE WHEN r.is_valid THEN r.last_checked_at END
                     FROM sending_domains d WHERE d.id = r.domain_id`);
    await q.query(`ALTER TABLE dns_records ALTER COLUMN account_id SET NOT NULL`);
    await q.query(`ALTER TABLE dns_records ALTER COLUMN created_at DROP DEFAULT`);
    await q.query(`ALTER TABLE dns_records DROP CONSTRAINT dns_records_domain_id_position_key`);
    await q.query(`ALTER TABLE dns_records ADD CONSTRAINT dns_records_domain_id_position_key UNIQUE (domain_id, position) DEFERRABLE INITIALLY DEFERRED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dns_records DROP CONSTRAINT dns_records_domain_id_position_key`);
    await q.query(`ALTER TABLE dns_records ADD CONSTRAINT dns_records_domain_id_position_key UNIQUE (domain_id, position)`);
    await q.query(`
      ALTER TABLE dns_records DROP COLUMN account_id, DROP COLUMN priority, DROP COLUMN suggested_value, DROP COLUMN details,
        DROP COLUMN check_attempts, DROP COLUMN verified_at, DROP COLUMN created_at`);
  }
}
