import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook endpoints, the messages sent to them (each body as signed) and one delivery per endpoint and event. */
export class CreateWebhooks1732350020000 implements MigrationInterface {
  name = 'CreateWebhooks1732350020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        description text,
        events jsonb NOT NULL,
        account_ids jsonb NOT NULL,
        enabled boolean NOT NULL,
        disabled_reason text,
        disabled_at timestamptz,
        kek_id varchar(16) NOT NULL,
        secret text NOT NULL,
        previous_kek_id varchar(16),
        previous_secret text,
        previous_secret_until timestamptz,
        secret_rotated_at timestamptz,
        failing_since timestamptz,
        created_by varchar(64),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_created ON webhook_endpoints (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE webhook_messages (
        event_id uuid PRIMARY KEY,
        type varchar(64) NOT NULL,
        account_id uuid,
        occurred_at timestamptz NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES webhook_messages (event_id) ON DELETE CASCADE,
        event_type varchar(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        tries integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        claim uuid,
        attempts jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        failure text,
        UNIQUE (event_id, endpoint_id)
      ) WITH (fillfactor = 70)`);
    // Few indexes, none on the claim's columns (lease_until, claim, tries): a claim is then a HOT
    // update (room left on each page by the fillfactor), which writes no index entry.
    // the worker's claim: pending deliveries in the order it takes them, read from the front
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending'`);
    // the log of an endpoint, newest first
    await q.query(`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC)`);
    // pruning after WEBHOOK_LOG_DAYS: messages by age, their deliveries with them (by the unique index)
    await q.query(`CREATE INDEX webhook_messages_created ON webhook_messages (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_messages`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
