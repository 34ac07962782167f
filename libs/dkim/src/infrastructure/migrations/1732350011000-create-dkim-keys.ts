import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in provider's DKIM keys: an account row (the lock every change of the account's keys
 * takes first, and when its keys are to be withdrawn), its keys (private halves sealed), and the
 * domains that use them (the last one gone, the keys are withdrawn).
 */
export class CreateDkimKeys1732350011000 implements MigrationInterface {
  name = 'CreateDkimKeys1732350011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dkim_accounts (
        account_id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL,
        withdraw_after timestamptz
      )`);
    await q.query(`CREATE INDEX dkim_accounts_withdrawal ON dkim_accounts (withdraw_after) WHERE withdraw_after IS NOT NULL`);
    await q.query(`
      CREATE TABLE dkim_keys (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES dkim_accounts (account_id) ON DELETE CASCADE,
        selector varchar(8) NOT NULL,
        state varchar(16) NOT NULL CHECK (state IN ('active', 'standby', 'retiring', 'revoked')),
        algorithm varchar(16) NOT NULL,
        bits integer NOT NULL,
        public_key text NOT NULL,
        private_key text NOT NULL,
        kek_id varchar(16) NOT NULL,
        created_at timestamptz NOT NULL,
        active_since timestamptz,
        UNIQUE (account_id, selector)
      )`);
    await q.query(`CREATE INDEX dkim_keys_kek ON dkim_keys (kek_id)`);
    await q.query(`
      CREATE TABLE dkim_key_users (
        account_id uuid NOT NULL REFERENCES dkim_accounts (account_id) ON DELETE CASCADE,
        domain_id integer NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, domain_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dkim_key_users`);
    await q.query(`DROP TABLE dkim_keys`);
    await q.query(`DROP TABLE dkim_accounts`);
  }
}
