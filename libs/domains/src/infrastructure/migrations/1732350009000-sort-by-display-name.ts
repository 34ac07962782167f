import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lists sorted by name show the Unicode name, so they are sorted by it: an index that serves that order per account. */
export class SortByDisplayName1732350009000 implements MigrationInterface {
  name = 'SortByDisplayName1732350009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sending_domains_account_display_sort ON sending_domains (account_id, display_name, id) WHERE deleted_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sending_domains_account_display_sort`);
  }
}
