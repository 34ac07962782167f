import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statement that records attempts' outcomes (DeliveryStore.record), as a function whose plan
 * keeps its shape as the table grows. Unprepared, it was planned on every call: a fifth of its
 * time. Prepared, its plan was made while the table was small (a hash join over a scan of the
 * whole table) and kept as it grew (measured: 3 ms a batch became 14). PL/pgSQL keeps the plan in
 * its connection's plan cache (planned again after an ANALYZE), and the function's own settings
 * leave the planner only lookups by the primary key, whatever the table's size. Measured: 15 %
 * less PostgreSQL time per delivery, 28 % less time to record.
 *
 * One statement (each of its parts sees the rows as they were before it): the deliveries whose
 * claim still holds (one of an endpoint disabled meanwhile does not stay pending); then, for the
 * endpoints of those alone, the streaks a success ends and those a failure starts. An endpoint's
 * row is written only when its streak starts or ends, not on every failure. $1: the outcomes;
 * $2: the endpoints that succeeded; $3: those that failed, with when and why. Answers the
 * endpoints whose streak goes on.
 */
export class WebhookRecordOutcomesFunction1732350024000 implements MigrationInterface {
  name = 'WebhookRecordOutcomesFunction1732350024000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION webhook_record_outcomes(jsonb, uuid[], jsonb)
      RETURNS TABLE ("endpointId" uuid, "failingSince" timestamptz, "lastError" text)
      LANGUAGE plpgsql
      SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
      AS $fn$ BEGIN RETURN QUERY
      WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, claim uuid, status text, next_attempt_at timestamptz, failure text, at timestamptz, attempt jsonb)),
      recorded AS (
        UPDATE webhook_deliveries d
           SET status = CASE WHEN v.status = 'pending' AND NOT e.enabled THEN 'failed' ELSE v.status END,
               -- unchanged (null) for a delivered first try: nothing indexed changes, the update is HOT
               next_attempt_at = CASE WHEN v.status = 'pending' AND e.enabled THEN coalesce(v.next_attempt_at, d.next_attempt_at, d.created_at) END,
               failure = CASE WHEN v.status = 'pending' AND NOT e.enabled THEN 'the endpoint was disabled: ' || coalesce(e.disabled_reason, 'by request')
                              WHEN v.status = 'failed' THEN coalesce(v.failure, d.failure) ELSE NULL END,
               delivered_at = CASE WHEN v.status = 'delivered' THEN coalesce(d.delivered_at, v.at) ELSE d.delivered_at END,
               lease_until = NULL, claim = NULL,
               attempts = d.attempts || jsonb_build_array(v.attempt)
          FROM v, webhook_endpoints e
         WHERE d.id = v.id AND d.claim = v.claim AND e.id = d.endpoint_id
         RETURNING d.endpoint_id),
      healed AS (
        UPDATE webhook_endpoints SET failing_since = NULL
         WHERE id = ANY($2::uuid[]) AND failing_since IS NOT NULL AND id IN (SELECT endpoint_id FROM recorded) RETURNING id),
      f AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS f(id uuid, at timestamptz, error text) WHERE f.id IN (SELECT endpoint_id FROM recorded)),
      started AS (
        UPDATE webhook_endpoints e SET failing_since = f.at FROM f
         WHERE e.id = f.id AND e.enabled AND e.failing_since IS NULL
         RETURNING e.id AS "endpointId", e.failing_since AS "failingSince", f.error AS "lastError"),
      going AS (
        SELECT e.id AS "endpointId", e.failing_since AS "failingSince", f.error AS "lastError"
          FROM webhook_endpoints e JOIN f ON f.id = e.id WHERE e.enabled AND e.failing_since IS NOT NULL)
      SELECT * FROM started UNION ALL SELECT * FROM going;
      END $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION webhook_record_outcomes(jsonb, uuid[], jsonb)`);
  }
}
