import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSendingDomains1732350000000 implements MigrationInterface {
  name = 'CreateSendingDomains1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sending_domains (
        id integer PRIMARY KEY,
        account_id uuid NOT NULL,
        name varchar(253) NOT NULL,
        email_address varchar(320),
        status varchar(16) NOT NULL CHECK (status IN ('pending','active','failed','suspended','deleted')),
        status_changed_at timestamptz NOT NULL,
        created_on timestamptz NOT NULL,
        modified_on timestamptz,
        deleted_on timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        check_attempts integer NOT NULL DEFAULT 0,
        last_checked_at timestamptz,
        verified_at timestamptz,
        next_check_at timestamptz,
        lease_until timestamptz,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE SEQUENCE sending_domains_id_seq OWNED BY sending_domains.id`);
    // One live registration of a name per account; concurrent registrations cannot both win.
    await q.query(
      `CREATE UNIQUE INDEX sending_domains_account_name_live ON sending_domains (account_id, name) WHERE deleted_on IS NULL`,
    );
    await q.query(`CREATE INDEX sending_domains_account_live ON sending_domains (account_id, id) WHERE deleted_on IS NULL`);
    // The scheduler's claim query walks this index in due order.
    await q.query(
      `CREATE INDEX sending_domains_due ON sending_domains (next_check_at) WHERE deleted_on IS NULL AND next_check_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sending_domains`);
  }
}
