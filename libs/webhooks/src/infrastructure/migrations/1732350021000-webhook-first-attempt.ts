import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retry schedule counts from a delivery's first attempt (not from when its event was written),
 * and the worker claims endpoint by endpoint: each endpoint's due deliveries read from the front
 * of an index of their own, so one endpoint's backlog never hides another's.
 */
export class WebhookFirstAttempt1732350021000 implements MigrationInterface {
  name = 'WebhookFirstAttempt1732350021000';

  async up(q: QueryRunner): Promise<void> {
    // not indexed, so that a claim stays a HOT update
    await q.query(`ALTER TABLE webhook_deliveries ADD COLUMN first_attempt_at timestamptz`);
    // deliveries already tried: their first attempt is as close as the log knows
    await q.query(`UPDATE webhook_deliveries SET first_attempt_at = coalesce((attempts->0->>'at')::timestamptz, created_at) WHERE tries > 0`);
    await q.query(`DROP INDEX webhook_deliveries_due`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at, id) WHERE status = 'pending'`);
    // when the earliest pending delivery falls due
    await q.query(`CREATE INDEX webhook_deliveries_next ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_deliveries_next`);
    await q.query(`DROP INDEX webhook_deliveries_due`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending'`);
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN first_attempt_at`);
  }
}
