import type { SealedKey } from '#shared-kernel';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** `scheduled`: by the worker, on the schedule; `manual`: asked for (a retry, a test event's first try). */
export const ATTEMPT_TRIGGERS = ['scheduled', 'manual'] as const;
export type AttemptTrigger = (typeof ATTEMPT_TRIGGERS)[number];

/** One attempt of a delivery, as the log keeps it. */
export interface DeliveryAttempt {
  at: string;
  trigger: AttemptTrigger;
  /** the receiver's HTTP status (null: no answer) */
  statusCode: number | null;
  durationMs: number;
  /** why it failed, in words (null: delivered) */
  error: string | null;
  /** the start of the receiver's answer, at most 1 kB */
  response: string | null;
}

/** A message as sent: the body is signed and sent byte for byte as stored. */
export interface WebhookMessage {
  eventId: string;
  type: string;
  /** the account whose event it is (null: none, e.g. a test event) */
  accountId: string | null;
  occurredAt: Date;
  body: string;
  createdAt: Date;
}

/** A delivery as a claim gives it: with its endpoint's URL and secrets and the message body. */
export interface ClaimedDelivery {
  id: string;
  /** this claim's token: the outcome is recorded only while it holds */
  claim: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  /** scheduled attempts started, this one included when it is one */
  tries: number;
  createdAt: Date;
  /** when its first scheduled attempt started (this one, for a first try): the retry schedule counts from it */
  firstAttemptAt: Date;
  url: string;
  enabled: boolean;
  /** its endpoint's deliveries fail (a streak runs): it gets fewer attempts at once */
  endpointFailing: boolean;
  secret: SealedKey;
  previousSecret: SealedKey | null;
  previousSecretUntil: Date | null;
  body: string;
}

/** What an attempt comes to, for the store to record. */
export interface DeliveryOutcome {
  deliveryId: string;
  claim: string;
  endpointId: string;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** why it ends failed (with status `failed`) */
  failure: string | null;
  attempt: DeliveryAttempt;
  /** a 2xx: the endpoint's failure streak ends */
  succeeded: boolean;
  /** a 410: the endpoint is disabled at once */
  gone: boolean;
}

/** A delivery in the log. */
export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  eventTimestamp: Date;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  failure: string | null;
}
