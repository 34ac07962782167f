import { createHash, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new endpoint secret as Standard Webhooks serialises it: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key a `whsec_` secret stands for (the base64 after the prefix). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/**
 * The `webhook-signature` header of one attempt (Standard Webhooks 1.0, symmetric): for each key,
 * `v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`, space-separated
 * (the current secret first, then the previous one during a rotation's overlap). The body is
 * signed as the bytes that are sent.
 */
export function signatureHeader(id: string, timestamp: number, body: Buffer, keys: readonly Buffer[]): string {
  const prefix = Buffer.from(`${id}.${timestamp}.`, 'utf8');
  return keys.map((key) => `v1,${createHmac('sha256', key).update(prefix).update(body).digest('base64')}`).join(' ');
}

/** The `webhook-id` of an event: the same on every attempt and replay, and for every endpoint it goes to. */
export function webhookId(eventId: string): string {
  return `msg_${eventId.replace(/-/g, '')}`;
}

/**
 * The id of an event made from another (`domain.verified` from its `domain.status_changed`): a
 * name-based UUID of the source id and the type, so every try of the fan-out makes the same one.
 */
export function derivedEventId(sourceId: string, type: string): string {
  const h = createHash('sha256').update(`${sourceId}:${type}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
