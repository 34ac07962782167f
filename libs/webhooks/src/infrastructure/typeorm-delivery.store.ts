import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, remembered, retryingConflicts, TypeOrmUnitOfWork } from '#shared-kernel';
import type { ClaimedDelivery, DeliveryOutcome, DeliveryRecord, DeliveryStatus, WebhookMessage } from '../domain/delivery.js';
import { type DeliveryFilter, DeliveryStore, type FailingEndpoint, type FirstTryRoom } from '../domain/delivery-store.port.js';

/** Message bodies kept in memory (they never change): an event goes to many endpoints, its body is read once. */
const BODY_CACHE = 2000;
/** Between the bodies of a fan-out's messages, sent as one text: a character JSON text never holds raw. */
const BODY_SEPARATOR = '\u0001';

interface ClaimRow {
  id: string;
  claim: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  tries: number;
  createdAt: Date;
  firstAttemptAt: Date | null;
  url: string;
  enabled: boolean;
  endpointFailing: boolean;
  kekId: string;
  secret: string;
  previousKekId: string | null;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  /** on one row of each event only */
  body: string | null;
}

/** An endpoint of the deliveries a fan-out wrote claimed: what an attempt needs of it (as JSON: a timestamp is text). */
type FirstTryEndpoint = [id: string, url: string, enabled: boolean, failing: boolean, kekId: string, secret: string, previousKekId: string | null, previousSecret: string | null, previousSecretUntil: string | null];

/** The claimed rows with what an attempt needs: the endpoint's URL and secrets, and each message's body once. */
const CLAIMED_SELECT = `
  SELECT c.id, c.claim, c.endpoint_id AS "endpointId", c.event_id AS "eventId", c.event_type AS "eventType", c.status, c.tries,
         c.created_at AS "createdAt", c.first_attempt_at AS "firstAttemptAt", e.url, e.enabled, e.failing_since IS NOT NULL AS "endpointFailing", e.kek_id AS "kekId", e.secret, e.previous_kek_id AS "previousKekId",
         e.previous_secret AS "previousSecret", e.previous_secret_until AS "previousSecretUntil",
         CASE WHEN row_number() OVER (PARTITION BY c.event_id ORDER BY c.id) = 1 THEN m.body END AS body
    FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN webhook_messages m ON m.event_id = c.event_id`;

/** What an attempt needs of a delivery's endpoint, as ClaimedDelivery carries it. */
type EndpointPart = Pick<ClaimedDelivery, 'url' | 'enabled' | 'endpointFailing' | 'secret' | 'previousSecret' | 'previousSecretUntil'>;

function endpointPart(e: Pick<ClaimRow, 'url' | 'enabled' | 'endpointFailing' | 'kekId' | 'secret' | 'previousKekId' | 'previousSecret' | 'previousSecretUntil'>): EndpointPart {
  return {
    url: e.url,
    enabled: e.enabled,
    endpointFailing: e.endpointFailing,
    secret: { kekId: e.kekId, sealed: e.secret },
    previousSecret: e.previousKekId && e.previousSecret ? { kekId: e.previousKekId, sealed: e.previousSecret } : null,
    previousSecretUntil: e.previousSecretUntil,
  };
}

function toClaimed(r: ClaimRow, body: string): ClaimedDelivery {
  return {
    id: r.id,
    claim: r.claim,
    endpointId: r.endpointId,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status,
    tries: r.tries,
    createdAt: r.createdAt,
    // a manual attempt of a delivery never tried on schedule: its schedule has not started
    firstAttemptAt: r.firstAttemptAt ?? r.createdAt,
    ...endpointPart(r),
    body,
  };
}

/** A delivery as the log shows it (DeliveryRecord, column for field). */
const LOG_SELECT = `
  SELECT d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.event_type AS "eventType", m.occurred_at AS "eventTimestamp",
         d.status, d.attempts, CASE WHEN d.status = 'pending' THEN coalesce(d.next_attempt_at, d.created_at) END AS "nextAttemptAt",
         d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.failure
    FROM webhook_deliveries d JOIN webhook_messages m ON m.event_id = d.event_id`;

/** `webhook_deliveries` and `webhook_messages` in plain SQL: every statement one short round trip. */
@Injectable()
export class TypeOrmDeliveryStore extends DeliveryStore {
  private readonly bodies = new Map<string, string>();

  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private keepBody(eventId: string, body: string): void {
    remembered(this.bodies, eventId, BODY_CACHE, () => body);
  }

  /** The claimed rows with their messages' bodies: as the claim gave them, from memory, or read. */
  private async withBodies(rows: readonly ClaimRow[]): Promise<ClaimedDelivery[]> {
    for (const r of rows) if (r.body !== null) this.keepBody(r.eventId, r.body);
    const missing = [...new Set(rows.map((r) => r.eventId).filter((id) => !this.bodies.has(id)))];
    if (missing.length > 0) {
      const found = (await this.uow.manager.query(`SELECT event_id AS "eventId", body FROM webhook_messages WHERE event_id = ANY($1::uuid[])`, [missing])) as { eventId: string; body: string }[];
      for (const m of found) this.keepBody(m.eventId, m.body);
    }
    return rows.filter((r) => this.bodies.has(r.eventId)).map((r) => toClaimed(r, this.bodies.get(r.eventId)!));
  }

  private async insertMessages(messages: readonly WebhookMessage[]): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO webhook_messages (event_id, type, account_id, occurred_at, body, created_at)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::timestamptz[], $5::text[], $6::timestamptz[])
       ON CONFLICT (event_id) DO NOTHING`,
      [messages.map((m) => m.eventId), messages.map((m) => m.type), messages.map((m) => m.accountId), messages.map((m) => m.occurredAt), messages.map((m) => m.body), messages.map((m) => m.createdAt)],
    );
  }

  /** One pending delivery per (message, endpoint) pair, each pair once. */
  private async insertDeliveries(pairs: readonly { message: WebhookMessage; endpointId: string }[]): Promise<string[]> {
    const rows = (await this.uow.manager.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, next_attempt_at, attempts, created_at)
       SELECT gen_random_uuid(), p.endpoint_id, p.event_id, p.event_type, 'pending', 0, p.created_at, '[]'::jsonb, p.created_at
         FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::timestamptz[]) AS p(endpoint_id, event_id, event_type, created_at)
       ON CONFLICT (event_id, endpoint_id) DO NOTHING RETURNING id`,
      [pairs.map((p) => p.endpointId), pairs.map((p) => p.message.eventId), pairs.map((p) => p.message.type), pairs.map((p) => p.message.createdAt)],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async fanOut(messages: readonly WebhookMessage[], room: FirstTryRoom | null): Promise<{ created: number; claimed: ClaimedDelivery[] }> {
    if (messages.length === 0) return { created: 0, claimed: [] };
    // One statement: the endpoints that take each message (FOR SHARE: one being disabled waits for
    // this fan-out, then fails what it wrote unclaimed; what it wrote claimed fails when its outcome,
    // or its release, is recorded) with the room each has for first tries, the messages
    // that go somewhere, their deliveries (within the room, the earliest of each endpoint first,
    // written claimed as the worker's claim would take them), and what an attempt of those needs.
    // Prepared (planning it cost a tenth of its time): its plan does not depend on the tables'
    // sizes (the endpoints are scanned whole, as their JSON filters need; the rest comes from the
    // parameters or is inserted), unlike the statements that look deliveries up.
    // The first tries are written without a next attempt, so outside the due indexes (their
    // outcome is then written in place, see WebhookFirstTriesInPlace), all under one claim, and
    // one lease row says who holds them until when.
    const claim = room ? randomUUID() : null;
    const [row] = await this.uow.prepared<{ n: number; claimed: [id: string, endpointId: string, eventId: string][]; endpoints: FirstTryEndpoint[] }>(
      `WITH m AS (
         SELECT * FROM ROWS FROM (json_to_recordset($1::json) AS (event_id uuid, type varchar, account_id uuid, occurred_at timestamptz, created_at timestamptz), unnest(string_to_array($12::text, E'\\x01'))) WITH ORDINALITY
                    AS m(event_id, type, account_id, occurred_at, created_at, body, ord)),
       held AS (SELECT * FROM unnest($4::uuid[], $5::int[]) AS h(endpoint_id, n)),
       e AS (
         SELECT e.id, e.events, e.account_ids, e.url, e.enabled, e.failing_since IS NOT NULL AS failing, e.kek_id, e.secret, e.previous_kek_id, e.previous_secret, e.previous_secret_until,
                CASE WHEN e.failing_since IS NULL THEN $6::int ELSE $7::int END - coalesce(h.n, 0) AS room
           FROM webhook_endpoints e LEFT JOIN held h ON h.endpoint_id = e.id
          WHERE e.enabled AND (e.events @> '["*"]'::jsonb OR e.events ?| $2::varchar[]::text[])
            AND (e.account_ids @> '["*"]'::jsonb OR e.account_ids ?| $3::uuid[]::text[])
          FOR SHARE OF e),
       matched AS (
         SELECT m.event_id, m.type, m.created_at, m.ord, e.id AS endpoint_id, e.room, row_number() OVER (PARTITION BY e.id ORDER BY m.ord) AS nth FROM m JOIN e
             ON (e.events @> '["*"]'::jsonb OR e.events ? m.type::text)
            AND (e.account_ids @> '["*"]'::jsonb OR (m.account_id IS NOT NULL AND e.account_ids ? m.account_id::text))),
       -- claimed: within its endpoint's room, and (counting those, each endpoint's earliest first) within the limit
       pairs AS (
         SELECT p.*, p.nth <= p.room AND sum((p.nth <= p.room)::int) OVER (ORDER BY p.nth, p.ord, p.endpoint_id) <= $8 AS first FROM matched p),
       -- the messages that go somewhere (their bodies are not carried through the pairs, which are sorted twice)
       messages AS (
         INSERT INTO webhook_messages (event_id, type, account_id, occurred_at, body, created_at)
         SELECT DISTINCT ON (m.event_id) m.event_id, m.type, m.account_id, m.occurred_at, m.body, m.created_at FROM m WHERE m.event_id IN (SELECT event_id FROM pairs)
         ON CONFLICT (event_id) DO NOTHING),
       deliveries AS (
         INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, status, tries, next_attempt_at, attempts, created_at, lease_until, claim, first_attempt_at)
         SELECT gen_random_uuid(), p.endpoint_id, p.event_id, p.type, 'pending', CASE WHEN p.first THEN 1 ELSE 0 END, CASE WHEN NOT p.first THEN p.created_at END, '[]'::jsonb, p.created_at,
                CASE WHEN p.first THEN $9::timestamptz END, CASE WHEN p.first THEN $11::uuid END, CASE WHEN p.first THEN $10::timestamptz END
           FROM pairs p
         ON CONFLICT (event_id, endpoint_id) DO NOTHING RETURNING id, claim, endpoint_id, event_id),
       lease AS (
         INSERT INTO webhook_first_try_leases (claim, lease_until, delivery_ids)
         SELECT $11::uuid, $9::timestamptz, array_agg(id) FROM deliveries WHERE claim IS NOT NULL HAVING count(*) > 0)
       SELECT (SELECT count(*)::int FROM deliveries) AS n,
              (SELECT coalesce(json_agg(json_build_array(d.id, d.endpoint_id, d.event_id)), '[]') FROM deliveries d WHERE d.claim IS NOT NULL) AS claimed,
              (SELECT coalesce(json_agg(json_build_array(e.id, e.url, e.enabled, e.failing, e.kek_id, e.secret, e.previous_kek_id, e.previous_secret, e.previous_secret_until)), '[]')
                 FROM e WHERE e.id IN (SELECT endpoint_id FROM deliveries WHERE claim IS NOT NULL)) AS endpoints`,
      [
        JSON.stringify(messages.map((m) => ({ event_id: m.eventId, type: m.type, account_id: m.accountId, occurred_at: m.occurredAt, created_at: m.createdAt }))),
        [...new Set(messages.map((m) => m.type))],
        [...new Set(messages.flatMap((m) => (m.accountId ? [m.accountId] : [])))],
        room ? [...room.held.keys()] : [],
        room ? [...room.held.values()] : [],
        room?.perEndpoint.healthy ?? 0,
        room?.perEndpoint.failing ?? 0,
        room?.limit ?? 0,
        room?.leaseUntil ?? null,
        room?.now ?? null,
        claim,
        // the bodies as they are, one text between separators: JSON text never holds a raw control
        // character (JSON.stringify escapes them all), and as a JSON string each would be escaped
        // here and parsed again there
        messages
          .map((m) => {
            if (m.body.includes(BODY_SEPARATOR)) throw new Error(`the body of webhook message ${m.eventId} is not JSON text: it holds a raw U+0001`);
            return m.body;
          })
          .join(BODY_SEPARATOR),
      ],
    );
    // what an attempt needs of an endpoint, made once per endpoint and shared by its deliveries
    const endpoints = new Map(
      row!.endpoints.map(([id, url, enabled, endpointFailing, kekId, secret, previousKekId, previousSecret, until]) => [
        id,
        endpointPart({ url, enabled, endpointFailing, kekId, secret, previousKekId, previousSecret, previousSecretUntil: until === null ? null : new Date(until) }),
      ]),
    );
    const byEvent = new Map(messages.map((m) => [m.eventId.toLowerCase(), m]));
    for (const m of messages) this.keepBody(m.eventId.toLowerCase(), m.body);
    const claimed = row!.claimed.map(([id, endpointId, eventId]): ClaimedDelivery => {
      const e = endpoints.get(endpointId)!;
      const message = byEvent.get(eventId)!;
      return {
        id,
        claim: claim!,
        endpointId,
        eventId,
        eventType: message.type,
        status: 'pending',
        tries: 1,
        createdAt: message.createdAt,
        firstAttemptAt: room!.now,
        url: e.url,
        enabled: e.enabled,
        endpointFailing: e.endpointFailing,
        secret: e.secret,
        previousSecret: e.previousSecret,
        previousSecretUntil: e.previousSecretUntil,
        body: message.body,
      };
    });
    return { created: row!.n, claimed };
  }

  async deliverTo(message: WebhookMessage, endpointId: string): Promise<string> {
    await this.insertMessages([message]);
    const [id] = await this.insertDeliveries([{ message, endpointId }]);
    return id!;
  }

  /**
   * First tries whose fan-out's lease has lapsed (their instance died, or stopped before their
   * outcome was written) and that still have no outcome: due again, as when they were written;
   * failed, if their endpoint was disabled meanwhile (its other pending deliveries failed then,
   * and no claim takes a disabled endpoint's). One whose endpoint is gone is due too, for the
   * prune's removal of deliveries without one.
   */
  private async reviveLapsedFirstTries(now: Date): Promise<void> {
    // retried on a deadlock: an outcome recorded at the same moment locks the same rows in another order
    await retryingConflicts(() =>
      this.uow.manager.query(
        // the ids as one array: looked up by the primary key (a join is planned as a scan of the whole table)
        // (the endpoint read by an aggregate: one row, a missing endpoint's too)
        `WITH lapsed AS (DELETE FROM webhook_first_try_leases WHERE lease_until < $1 RETURNING delivery_ids)
         UPDATE webhook_deliveries d
            SET (next_attempt_at, status, failure, claim, lease_until) = (
                  SELECT CASE WHEN s.off THEN NULL ELSE d.created_at END, CASE WHEN s.off THEN 'failed' ELSE d.status END,
                         CASE WHEN s.off THEN 'the endpoint was disabled: ' || coalesce(s.reason, 'by request') ELSE d.failure END,
                         CASE WHEN s.off THEN NULL ELSE d.claim END, CASE WHEN s.off THEN NULL ELSE d.lease_until END
                    FROM (SELECT coalesce(bool_or(NOT e.enabled), false) AS off, max(e.disabled_reason) AS reason FROM webhook_endpoints e WHERE e.id = d.endpoint_id) s)
          WHERE d.id = ANY (ARRAY(SELECT unnest(delivery_ids) FROM lapsed)) AND d.status = 'pending' AND d.next_attempt_at IS NULL`,
        [now],
      ),
    );
  }

  async claim(now: Date, limit: number, leaseUntil: Date, perEndpoint: { healthy: number; failing: number }, held: ReadonlyMap<string, number>): Promise<ClaimedDelivery[]> {
    await this.reviveLapsedFirstTries(now);
    // Per endpoint with room (its limit less what this instance holds of it), the front of its due
    // deliveries; of those the earliest due overall; locked (SKIP LOCKED: another instance's claim
    // takes them) and still claimable; then leased.
    const rows = (await this.uow.manager.query(
      `WITH held AS (SELECT * FROM unnest($4::uuid[], $5::int[]) AS h(endpoint_id, n)),
       room AS (
         SELECT r.id, r.n FROM (
           SELECT e.id, CASE WHEN e.failing_since IS NULL THEN $6::int ELSE $7::int END - coalesce(h.n, 0) AS n
             FROM webhook_endpoints e LEFT JOIN held h ON h.endpoint_id = e.id
            WHERE e.enabled) r
          WHERE r.n > 0),
       candidates AS (
         SELECT c.id FROM room CROSS JOIN LATERAL (
           SELECT d.id, d.next_attempt_at FROM webhook_deliveries d
            WHERE d.endpoint_id = room.id AND d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1)
            ORDER BY d.next_attempt_at, d.id LIMIT room.n) c
          ORDER BY c.next_attempt_at, c.id LIMIT $2),
       locked AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE d.id IN (SELECT id FROM candidates) AND d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1)
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET lease_until = $3, claim = gen_random_uuid(), tries = d.tries + 1, first_attempt_at = coalesce(d.first_attempt_at, $1)
          WHERE d.id IN (SELECT id FROM locked) RETURNING d.*
       )
       ${CLAIMED_SELECT} ORDER BY c.next_attempt_at, c.id`,
      [now, limit, leaseUntil, [...held.keys()], [...held.values()], perEndpoint.healthy, perEndpoint.failing],
    )) as ClaimRow[];
    return this.withBodies(rows);
  }

  async claimOne(endpointId: string, deliveryId: string, now: Date, leaseUntil: Date, scheduled: boolean): Promise<ClaimedDelivery | 'busy' | null> {
    const rows = (await this.uow.manager.query(
      `WITH claimed AS (
         UPDATE webhook_deliveries d SET lease_until = $4, claim = gen_random_uuid(), tries = d.tries + CASE WHEN $5 THEN 1 ELSE 0 END,
                first_attempt_at = CASE WHEN $5 THEN coalesce(d.first_attempt_at, $3) ELSE d.first_attempt_at END,
                -- a first try whose lease lapsed (not revived yet): due, so that this claim's lapse is seen too
                next_attempt_at = CASE WHEN d.status = 'pending' THEN coalesce(d.next_attempt_at, d.created_at) END
          WHERE d.id = $1 AND d.endpoint_id = $2 AND (d.lease_until IS NULL OR d.lease_until < $3) RETURNING d.*
       )
       ${CLAIMED_SELECT}`,
      [deliveryId, endpointId, now, leaseUntil, scheduled],
    )) as ClaimRow[];
    if (rows[0]) return (await this.withBodies(rows))[0] ?? null;
    const exists = (await this.uow.manager.query(`SELECT 1 FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2`, [deliveryId, endpointId])) as unknown[];
    return exists.length > 0 ? 'busy' : null;
  }

  async release(claims: readonly { deliveryId: string; claim: string }[]): Promise<void> {
    if (claims.length === 0) return;
    await this.uow.manager.query(
      // due again at once, unless the endpoint was disabled meanwhile (failPending left them, claimed):
      // then they fail as its others did. The endpoints are read FOR SHARE, so a disabling under way
      // is waited for and seen (endpoint before delivery, in failPending's order)
      `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS v(id, claim)),
       e AS (
         SELECT e.id, e.enabled, e.disabled_reason FROM webhook_endpoints e
          WHERE e.id IN (SELECT d.endpoint_id FROM webhook_deliveries d JOIN v ON v.id = d.id)
          FOR SHARE)
       UPDATE webhook_deliveries d SET lease_until = NULL, claim = NULL, tries = d.tries - 1, first_attempt_at = CASE WHEN d.tries = 1 THEN NULL ELSE d.first_attempt_at END,
              status = CASE WHEN e.enabled THEN d.status ELSE 'failed' END,
              next_attempt_at = CASE WHEN e.enabled THEN coalesce(d.next_attempt_at, d.created_at) END,
              failure = CASE WHEN e.enabled THEN d.failure ELSE 'the endpoint was disabled: ' || coalesce(e.disabled_reason, 'by request') END
         FROM v, e
        WHERE d.id = v.id AND d.claim = v.claim AND e.id = d.endpoint_id AND d.status = 'pending'`,
      [claims.map((c) => c.deliveryId), claims.map((c) => c.claim)],
    );
  }

  async record(outcomes: readonly DeliveryOutcome[]): Promise<FailingEndpoint[]> {
    if (outcomes.length === 0) return [];
    // compact (migration WebhookCompactOutcomes): one-letter keys, a claim as its index in `claims`
    // (a fan-out's first tries share one), a null left out (jsonb_to_recordset reads it as null)
    const claims = new Map<string, number>();
    const values = outcomes.map((o) => {
      let c = claims.get(o.claim);
      if (c === undefined) claims.set(o.claim, (c = claims.size));
      const a = o.attempt;
      return {
        i: o.deliveryId,
        c,
        s: o.status,
        n: o.nextAttemptAt ?? undefined,
        f: o.failure ?? undefined,
        a: a.at,
        t: a.trigger === 'scheduled' ? undefined : a.trigger,
        k: a.statusCode ?? undefined,
        m: a.durationMs,
        e: a.error ?? undefined,
        r: a.response ?? undefined,
      };
    });
    const succeeded = [...new Set(outcomes.filter((o) => o.succeeded).map((o) => o.endpointId))];
    const failing = new Map<string, { at: string; error: string }>();
    for (const o of outcomes) {
      // the streak starts at the batch's first failure; the error said is the last one
      if (!o.succeeded && !succeeded.includes(o.endpointId)) failing.set(o.endpointId, { at: failing.get(o.endpointId)?.at ?? o.attempt.at, error: o.attempt.error ?? 'failed' });
    }
    // webhook_record_outcomes (migrations WebhookRecordOutcomesFunction, WebhookCompactOutcomes):
    // one statement, planned once per connection with a plan that stays right as the table grows
    return retryingConflicts(() =>
      this.uow.prepared<FailingEndpoint>(`SELECT * FROM webhook_record_outcomes($1::jsonb, $2::uuid[], $3::uuid[], $4::jsonb)`, [
        JSON.stringify(values),
        [...claims.keys()],
        succeeded,
        JSON.stringify([...failing].map(([id, f]) => ({ id, ...f }))),
      ]),
    );
  }

  async disable(endpoints: readonly { endpointId: string; reason: string }[], now: Date): Promise<string[]> {
    if (endpoints.length === 0) return [];
    const disabled = (await this.uow.manager.query(
      `WITH off AS (
         UPDATE webhook_endpoints e SET enabled = false, disabled_reason = v.reason, disabled_at = $2, updated_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, reason text)
          WHERE e.id = v.id AND e.enabled RETURNING e.id)
       SELECT * FROM off`,
      [JSON.stringify(endpoints.map((e) => ({ id: e.endpointId, reason: e.reason }))), now],
    )) as { id: string }[];
    for (const d of disabled) await this.failPending(d.id, now);
    return disabled.map((d) => d.id);
  }

  async failPending(endpointId: string, now: Date): Promise<void> {
    await this.failDisabled(now, endpointId);
  }

  async failAbandoned(now: Date): Promise<number> {
    return this.failDisabled(now, null);
  }

  /**
   * The pending deliveries of disabled endpoints (of this one, or of all) fail with the endpoint's
   * reason, but for those under a claim that still holds: their outcome, once recorded, fails them.
   * A claim that has lapsed has no attempt left to record one (its instance died), and no claim
   * takes a disabled endpoint's deliveries: those fail now, their claim cleared. Read by the
   * pending index.
   */
  private async failDisabled(now: Date, endpointId: string | null): Promise<number> {
    const [row] = (await this.uow.manager.query(
      `WITH failed AS (
         UPDATE webhook_deliveries d SET status = 'failed', next_attempt_at = NULL, claim = NULL, lease_until = NULL,
                failure = 'the endpoint was disabled: ' || coalesce(e.disabled_reason, 'by request')
           FROM webhook_endpoints e
          WHERE e.id = d.endpoint_id AND NOT e.enabled AND ($2::uuid IS NULL OR d.endpoint_id = $2::uuid)
            AND d.next_attempt_at IS NOT NULL AND d.status = 'pending' AND (d.claim IS NULL OR d.lease_until < $1)
         RETURNING 1)
       SELECT count(*)::int AS n FROM failed`,
      [now, endpointId],
    )) as { n: number }[];
    return row!.n;
  }

  async nextDue(after: Date): Promise<{ next: Date | null; waiting: boolean }> {
    // The earliest pending delivery due after `after`, and whether one is due already (then it
    // waits for a claim to lapse or for room at its endpoint); the first tries under way count from
    // when their lease lapses (then a claim revives them). Each a min(), read from the front of its
    // index whatever the statistics say (an EXISTS was planned as a scan of the whole table).
    const [row] = (await this.uow.manager.query(
      `SELECT least((SELECT min(next_attempt_at) FROM webhook_deliveries WHERE next_attempt_at > $1 AND status = 'pending'),
                    (SELECT min(lease_until) + interval '1 millisecond' FROM webhook_first_try_leases WHERE lease_until >= $1)) AS next,
              coalesce((SELECT min(next_attempt_at) FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL AND status = 'pending') <= $1, false)
                OR coalesce((SELECT min(lease_until) FROM webhook_first_try_leases) < $1, false) AS waiting`,
      [after],
    )) as { next: Date | null; waiting: boolean }[];
    return { next: row?.next ?? null, waiting: row?.waiting ?? false };
  }

  async dropStranded(): Promise<number> {
    // no foreign key keeps them (an instance of the release before deleting an endpoint, or a
    // fan-out of a message pruned meanwhile, can leave some): read by the pending index, few rows
    // (a first try left so is in it once its lease lapses)
    const [row] = (await this.uow.manager.query(
      `WITH gone AS (
         DELETE FROM webhook_deliveries d WHERE d.next_attempt_at IS NOT NULL AND d.status = 'pending'
            AND (NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id) OR NOT EXISTS (SELECT 1 FROM webhook_messages m WHERE m.event_id = d.event_id))
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
    )) as { n: number }[];
    return row!.n;
  }

  async prune(before: Date, limit: number): Promise<number> {
    // old messages go with their deliveries, but for one with a delivery under way or still to be
    // tried by an enabled endpoint: a Retry-After or a wait for room can carry a delivery past any
    // log period (a disabled endpoint's are kept no longer: it may never be enabled again)
    const [row] = (await this.uow.manager.query(
      `WITH old AS (
         SELECT m.event_id FROM webhook_messages m
          WHERE m.created_at < $1 AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
             WHERE d.event_id = m.event_id AND (d.claim IS NOT NULL OR (d.status = 'pending' AND e.enabled)))
          ORDER BY m.created_at LIMIT $2),
       gone AS (DELETE FROM webhook_deliveries d USING old WHERE d.event_id = old.event_id RETURNING 1),
       messages AS (DELETE FROM webhook_messages m USING old WHERE m.event_id = old.event_id RETURNING 1)
       SELECT (SELECT count(*)::int FROM messages) AS n, (SELECT count(*)::int FROM gone) AS d`,
      [before, limit],
    )) as { n: number }[];
    return row!.n;
  }

  async list(endpointId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<DeliveryRecord>> {
    const where = ['d.endpoint_id = $1'];
    const params: unknown[] = [endpointId];
    if (filter.status) {
      params.push(filter.status);
      where.push(`d.status = $${params.length}`);
    }
    if (filter.eventType) {
      params.push(filter.eventType);
      where.push(`d.event_type = $${params.length}`);
    }
    const [count] = (await this.uow.manager.query(`SELECT count(*)::int AS n FROM webhook_deliveries d WHERE ${where.join(' AND ')}`, params)) as { n: number }[];
    const rows = (await this.uow.manager.query(
      `${LOG_SELECT} WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    )) as DeliveryRecord[];
    return { items: rows, total: count!.n, limit: page.limit, offset: page.offset };
  }

  async get(endpointId: string, deliveryId: string): Promise<DeliveryRecord | null> {
    const rows = (await this.uow.manager.query(`${LOG_SELECT} WHERE d.endpoint_id = $1 AND d.id = $2`, [endpointId, deliveryId])) as DeliveryRecord[];
    return rows[0] ?? null;
  }

  async stats(): Promise<{ pending: number; oldestPendingAt: Date | null }> {
    // by the pending index: waiting for an attempt, not the first tries under way
    const [row] = (await this.uow.manager.query(`SELECT count(*)::int AS n, min(created_at) AS oldest FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL AND status = 'pending'`)) as { n: number; oldest: Date | null }[];
    return { pending: row!.n, oldestPendingAt: row!.oldest };
  }
}
