import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sizes the record columns for DNS's maxima: a host is a name of at most 253 characters
 * (RFC 1035, text form); a value is a name (CNAME/MX target, 254 with its final dot) or TXT data
 * (at most 65535 octets on the wire). Domains registered before names were checked against these
 * limits, whose records could never be published, are soft-deleted first (the name can be
 * registered again once shortened), since their hosts do not fit the new column.
 */
export class SizeRecordColumnsForDns1732350003000 implements MigrationInterface {
  name = 'SizeRecordColumnsForDns1732350003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE sending_domains d
         SET status = 'deleted', deleted_on = now(), modified_on = now(), status_changed_at = now(),
             next_check_at = NULL, version = version + 1
       WHERE deleted_on IS NULL
         AND EXISTS (SELECT 1 FROM dns_records r WHERE r.domain_id = d.id AND char_length(r.host) > 253)`);
    await q.query(`DELETE FROM dns_records r USING sending_domains d WHERE r.domain_id = d.id AND d.deleted_on IS NOT NULL AND char_length(r.host) > 253`);
    await q.query(`ALTER TABLE dns_records ALTER COLUMN host TYPE varchar(253)`);
    await q.query(`ALTER TABLE dns_records ALTER COLUMN value TYPE text`);
    await q.query(`ALTER TABLE dns_records ADD CONSTRAINT dns_records_value_size CHECK (octet_length(value) <= 65535)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dns_records DROP CONSTRAINT dns_records_value_size`);
    await q.query(`ALTER TABLE dns_records ALTER COLUMN value TYPE varchar(2048)`);
    await q.query(`ALTER TABLE dns_records ALTER COLUMN host TYPE varchar(255)`);
  }
}
