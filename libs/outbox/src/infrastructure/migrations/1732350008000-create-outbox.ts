import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox: one entry per message and handler, with its delivery state. */
export class CreateOutbox1732350008000 implements MigrationInterface {
  name = 'CreateOutbox1732350008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_entries (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        handler varchar(64) NOT NULL,
        type varchar(64) NOT NULL,
        version smallint NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        last_error text,
        delivered_at timestamptz,
        UNIQUE (event_id, handler)
      )`);
    // the relay's claim: pending entries by due time
    await q.query(`CREATE INDEX outbox_entries_due ON outbox_entries (next_attempt_at) WHERE state = 'pending'`);
    // pruning of delivered entries
    await q.query(`CREATE INDEX outbox_entries_delivered ON outbox_entries (delivered_at) WHERE state = 'delivered'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_entries`);
  }
}
