import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a retiring or revoked key is replaced by a fresh standby one (its selector is then reused). */
export class DkimKeyRetirement1732350012000 implements MigrationInterface {
  name = 'DkimKeyRetirement1732350012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dkim_keys ADD COLUMN retires_at timestamptz`);
    await q.query(`CREATE INDEX dkim_keys_retiring ON dkim_keys (retires_at) WHERE retires_at IS NOT NULL`);
    // the scheduler's rotation looks for active keys older than DKIM_ROTATION_DAYS
    await q.query(`CREATE INDEX dkim_keys_active_since ON dkim_keys (active_since) WHERE state = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dkim_keys DROP COLUMN retires_at`);
  }
}
