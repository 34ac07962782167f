import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the native API adds to a domain: descriptive fields, settings, record options, suspension, the default flag. */
export class NativeDomainFields1732350004000 implements MigrationInterface {
  name = 'NativeDomainFields1732350004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sending_domains
        ADD COLUMN display_name text,
        ADD COLUMN description varchar(500),
        ADD COLUMN external_id varchar(200),
        ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN is_default boolean NOT NULL DEFAULT false,
        ADD COLUMN region varchar(32),
        ADD COLUMN settings jsonb NOT NULL DEFAULT '{"requireTls":false,"spamAction":"disabled","webScheme":"https"}',
        ADD COLUMN tracking_prefix varchar(63),
        ADD COLUMN mail_from_subdomain varchar(253),
        ADD COLUMN receiving boolean NOT NULL DEFAULT false,
        ADD COLUMN ownership_token varchar(100),
        ADD COLUMN spf boolean NOT NULL DEFAULT false,
        ADD COLUMN dmarc boolean NOT NULL DEFAULT false,
        ADD COLUMN suspension_reason varchar(500),
        ADD COLUMN suspended_at timestamptz,
        ADD COLUMN created_by uuid`);
    await q.query(`UPDATE sending_domains SET display_name = name`);
    await q.query(`ALTER TABLE sending_domains ALTER COLUMN display_name SET NOT NULL`);
    // at most one default domain per account; switching takes the account's advisory lock
    await q.query(`CREATE UNIQUE INDEX sending_domains_one_default ON sending_domains (account_id) WHERE is_default AND deleted_on IS NULL`);
    // the list read model: sort by creation or name, prefix search on either form of the name
    await q.query(`CREATE INDEX sending_domains_account_created ON sending_domains (account_id, created_on, id) WHERE deleted_on IS NULL`);
    await q.query(`CREATE INDEX sending_domains_account_name_prefix ON sending_domains (account_id, name text_pattern_ops) WHERE deleted_on IS NULL`);
    await q.query(`CREATE INDEX sending_domains_account_display_prefix ON sending_domains (account_id, display_name text_pattern_ops) WHERE deleted_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sending_domains_account_display_prefix`);
    await q.query(`DROP INDEX sending_domains_account_name_prefix`);
    await q.query(`DROP INDEX sending_domains_account_created`);
    await q.query(`DROP INDEX sending_domains_one_default`);
    await q.query(`
      ALTER TABLE sending_domains
        DROP COLUMN display_name, DROP COLUMN description, DROP COLUMN external_id, DROP COLUMN metadata, DROP COLUMN is_default,
        DROP COLUMN region, DROP COLUMN settings, DROP COLUMN tracking_prefix, DROP COLUMN mail_from_subdomain, DROP COLUMN receiving,
        DROP COLUMN ownership_token, DROP COLUMN spf, DROP COLUMN dmarc, DROP COLUMN suspension_reason, DROP COLUMN suspended_at,
        DROP COLUMN created_by`);
  }
}
