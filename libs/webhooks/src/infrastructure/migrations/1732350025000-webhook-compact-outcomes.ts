import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcomes sent to webhook_record_outcomes in fewer bytes. Writing a statement's parameters to
 * PostgreSQL's socket costs the service's one thread by the byte (measured on the benchmark's
 * machine: 25–35 ns a byte, the largest single cost of the pg driver), and each outcome was an
 * object of about 275 bytes: long keys, its time twice, its claim in full although a fan-out's
 * first tries share one, and the attempt's null fields spelt out. Now it is about 110: one-letter
 * keys, claims as indexes into an array of the batch's distinct claims, absent fields for nulls,
 * and the attempt as the log keeps it built here (jsonb orders an object's keys itself, so the
 * stored attempt is the same jsonb as before).
 *
 * An overload beside the old function, which stays for instances not yet upgraded. $1: the
 * outcomes (`i` delivery, `c` claim index from 0, `s` status, `n` next attempt, `f` failure,
 * `a` the attempt's time as the log writes it, `t` its trigger when not `scheduled`, `k` the
 * status code, `m` the duration in ms, `e` the error, `r` the response); $2: the claims; $3: the
 * endpoints that succeeded; $4: those that failed, with when and why.
 */
export class WebhookCompactOutcomes1732350025000 implements MigrationInterface {
  name = 'WebhookCompactOutcomes1732350025000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION webhook_record_outcomes(jsonb, uuid[], uuid[], jsonb)
      RETURNS TABLE ("endpointId" uuid, "failingSince" timestamptz, "lastError" text)
      LANGUAGE plpgsql
      SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
      AS $fn$ BEGIN RETURN QUERY
      WITH v AS (
        SELECT v.i AS id, ($2::uuid[])[v.c + 1] AS claim, v.s AS status, v.n AS next_attempt_at, v.f AS failure, v.a::timestamptz AS at,
               jsonb_build_object('at', v.a, 'trigger', coalesce(v.t, 'scheduled'), 'statusCode', v.k, 'durationMs', v.m, 'error', v.e, 'response', v.r) AS attempt
          FROM jsonb_to_recordset($1::jsonb) AS v(i uuid, c int, s text, n timestamptz, f text, a text, t text, k int, m int, e text, r text)),
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
         WHERE id = ANY($3::uuid[]) AND failing_since IS NOT NULL AND id IN (SELECT endpoint_id FROM recorded) RETURNING id),
      f AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS f(id uuid, at timestamptz, error text) WHERE f.id IN (SELECT endpoint_id FROM recorded)),
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
    await q.query(`DROP FUNCTION webhook_record_outcomes(jsonb, uuid[], uuid[], jsonb)`);
  }
}
