import type { Page, PageRequest } from '#shared-kernel';
import type { ClaimedDelivery, DeliveryOutcome, DeliveryRecord, DeliveryStatus, WebhookMessage } from './delivery.js';

/** Which deliveries of an endpoint a log page shows. */
export interface DeliveryFilter {
  status?: DeliveryStatus;
  eventType?: string;
}

/**
 * Room a worker has for first tries now, offered to a fan-out: the deliveries it writes within
 * that room are written claimed (as a claim would take them, until `leaseUntil`), so their first
 * attempts start without a claim statement.
 */
export interface FirstTryRoom {
  now: Date;
  leaseUntil: Date;
  /** deliveries claimed in all at most */
  limit: number;
  /** of one endpoint at most (`failing` while its deliveries fail), counting those `held` already */
  perEndpoint: { healthy: number; failing: number };
  held: ReadonlyMap<string, number>;
}

/** An endpoint whose failure streak a recording extended, with since when it lasts. */
export interface FailingEndpoint {
  endpointId: string;
  failingSince: Date;
  lastError: string;
}

/**
 * Port: the webhook deliveries and the messages they send. Claims are leases taken with FOR
 * UPDATE SKIP LOCKED, as the outbox relay's, so instances share deliveries and a killed one
 * strands nothing beyond its lease.
 */
export abstract class DeliveryStore {
  /**
   * Stores the messages and one pending delivery for each enabled endpoint that takes a message's
   * type and account (each endpoint once per event: idempotent by the event id), in one statement
   * (in the current transaction, if any); those within `room` (the earliest of each endpoint first) claimed under one
   * lease (if it lapses before their outcome is recorded, a later claim takes them). Answers how many deliveries it made,
   * and those it claimed.
   */
  abstract fanOut(messages: readonly WebhookMessage[], room: FirstTryRoom | null): Promise<{ created: number; claimed: ClaimedDelivery[] }>;
  /** Stores the message and a pending delivery to this endpoint alone (a test event). */
  abstract deliverTo(message: WebhookMessage, endpointId: string): Promise<string>;
  /**
   * Claims due pending deliveries (scheduled attempts: `tries` goes up), the earliest due first,
   * until `leaseUntil` (first, the first tries of fan-outs whose lease has lapsed without their
   * outcome become due, or fail if their endpoint was disabled meanwhile): of one endpoint at most `perEndpoint.healthy` (`perEndpoint.failing` while
   * its deliveries fail), counting those the caller `held` already.
   */
  abstract claim(now: Date, limit: number, leaseUntil: Date, perEndpoint: { healthy: number; failing: number }, held: ReadonlyMap<string, number>): Promise<ClaimedDelivery[]>;
  /**
   * Claims one delivery of this endpoint for an attempt now, whatever its status (`scheduled`: the
   * attempt counts as one of its schedule's); `busy` while another attempt holds it.
   */
  abstract claimOne(endpointId: string, deliveryId: string, now: Date, leaseUntil: Date, scheduled: boolean): Promise<ClaimedDelivery | 'busy' | null>;
  /**
   * Gives claims up unused (never attempted: their deliveries are due again now, their schedule not
   * started by them; failed, if their endpoint was disabled meanwhile), those whose claim still holds.
   */
  abstract release(claims: readonly { deliveryId: string; claim: string }[]): Promise<void>;
  /**
   * Records attempts' outcomes (those whose claim still holds): the delivery's status, its next
   * attempt and the attempt in its log; the endpoints' failure streaks (ended by a success,
   * started by a failure). A delivery of an endpoint that is disabled meanwhile does not stay
   * pending. One statement, a transaction of its own. Answers the endpoints whose streak goes on.
   */
  abstract record(outcomes: readonly DeliveryOutcome[]): Promise<FailingEndpoint[]>;
  /** Disables endpoints (still enabled) with their reason; their pending deliveries fail with it. Answers those it disabled. */
  abstract disable(endpoints: readonly { endpointId: string; reason: string }[], now: Date): Promise<string[]>;
  /**
   * Fails the pending deliveries of a disabled endpoint with its reason (in the current
   * transaction), but for those under a claim that lasts past `now`: their outcome fails them once
   * recorded.
   */
  abstract failPending(endpointId: string, now: Date): Promise<void>;
  /**
   * Fails the pending deliveries of disabled endpoints whose claim lapsed before `now` (claimed as
   * their endpoint was disabled, by an instance that died): no claim would ever take them; answers
   * how many.
   */
  abstract failAbandoned(now: Date): Promise<number>;
  /**
   * When the earliest pending delivery falls due after `after`, or a fan-out's lease on its first
   * tries lapses (null: none), and whether one is due already but could not be claimed (its claim
   * has not lapsed, or its endpoint has no room).
   */
  abstract nextDue(after: Date): Promise<{ next: Date | null; waiting: boolean }>;
  /** Removes up to `limit` messages created before `before` with their deliveries (none pending or under way); answers how many messages. */
  abstract prune(before: Date, limit: number): Promise<number>;
  /** Removes pending deliveries left without their endpoint or their message, which no claim would ever take (a first try once its lease has lapsed); answers how many. */
  abstract dropStranded(): Promise<number>;
  abstract list(endpointId: string, filter: DeliveryFilter, page: PageRequest): Promise<Page<DeliveryRecord>>;
  abstract get(endpointId: string, deliveryId: string): Promise<DeliveryRecord | null>;
  /** Pending deliveries with a next attempt to come (new ones not tried at once, retries; not the first tries a fan-out started) and the creation time of the oldest (for the metrics). */
  abstract stats(): Promise<{ pending: number; oldestPendingAt: Date | null }>;
}
