import { randomBytes } from 'node:crypto';
import type { QueryBus } from '@nestjs/cqrs';
import type { Clock, KeyEncryption, SealedKey } from '#shared-kernel';
import type { ClaimedDelivery } from '../domain/delivery.js';
import type { WebhookAnswer, WebhookTransport } from '../domain/webhook-transport.port.js';
import { DeliveryAttempts, logText, RESPONSE_LOG_BYTES, RESPONSE_READ_BYTES } from './delivery-attempts.js';
import type { WebhooksSettings } from './webhooks.settings.js';

const key = randomBytes(32);
const old = randomBytes(32);
const b64 = key.toString('base64');
/** every 8 characters of a key's base64: none may be in the log */
const pieces = (k: Buffer) => Array.from({ length: 44 - 7 }, (_, i) => k.toString('base64').slice(i, i + 8));
const leaked = (text: string | null, ...keys: Buffer[]) => keys.flatMap(pieces).filter((piece) => (text ?? '').includes(piece));

describe('logText: the start of an answer as the log keeps it', () => {
  it('drops NUL and the other control characters but tab, CR and LF; replaces lone surrogates; keeps pairs', () => {
    expect(logText('a\u0000b\u0001c\u001bd\u007fe\tf\r\ng', [])).toBe('abcde\tf\r\ng');
    expect(logText('x\ud800y\udc00z\ud83d\ude00', [])).toBe('x\ufffdy\ufffdz\u{1F600}');
    expect(logText('\u0000\u0000', [])).toBeNull();
    expect(logText('', [])).toBeNull();
  });

  it('is at most 1 kB of UTF-8, cut between characters (never inside a surrogate pair)', () => {
    expect(logText('x'.repeat(RESPONSE_READ_BYTES), [])).toBe('x'.repeat(RESPONSE_LOG_BYTES));
    const emoji = logText(`${'x'.repeat(RESPONSE_LOG_BYTES - 2)}\u{1F600}`, [])!;
    expect(emoji).toBe('x'.repeat(RESPONSE_LOG_BYTES - 2));
    const euros = logText('€'.repeat(500), [])!; // 3 bytes each
    expect(euros).toBe('€'.repeat(341));
    expect(Buffer.byteLength(euros)).toBeLessThanOrEqual(RESPONSE_LOG_BYTES);
    expect(logText('\ufffd'.repeat(400), [])).toBe('\ufffd'.repeat(341));
  });

  it('redacts every secret, with and without whsec_, before the cut; what of one is left at the end goes too', () => {
    for (let n = 960; n <= RESPONSE_READ_BYTES; n++) {
      for (const echo of [`whsec_${b64}`, b64, b64.replace(/=$/, ''), `whsec_${old.toString('base64')}`]) {
        const kept = logText(`${'x'.repeat(n)}${echo}`.slice(0, RESPONSE_READ_BYTES), [key, old]);
        expect(leaked(kept, key, old)).toEqual([]);
        expect(Buffer.byteLength(kept ?? '')).toBeLessThanOrEqual(RESPONSE_LOG_BYTES);
      }
    }
    expect(logText(`${'x'.repeat(1000)}whsec_${b64}`, [key])).toBe(`${'x'.repeat(1000)}[redacted]`);
    expect(logText(`token=whsec_${b64}&old=${old.toString('base64')}.`, [key, old])).toBe('token=[redacted]&old=[redacted].');
    // read whole, a secret at the cut is redacted, and the cut may fall in the marker
    expect(logText(`${'x'.repeat(RESPONSE_LOG_BYTES - 7)}whsec_${b64}`, [key])).toBe(`${'x'.repeat(RESPONSE_LOG_BYTES - 7)}[redact`);
    // not read whole (the transport's limit): a fragment of 8 characters or more goes; a shorter one says nothing of the key
    const read = (n: number) => `${'x'.repeat(n)}whsec_${b64}`.slice(0, RESPONSE_LOG_BYTES);
    expect(logText(read(RESPONSE_LOG_BYTES - 8), [key])).toBe('x'.repeat(RESPONSE_LOG_BYTES - 8));
    expect(logText(read(RESPONSE_LOG_BYTES - 30), [key])).toBe('x'.repeat(RESPONSE_LOG_BYTES - 30));
    expect(logText(read(RESPONSE_LOG_BYTES - 7), [key])).toBe(`${'x'.repeat(RESPONSE_LOG_BYTES - 7)}whsec_${b64[0]}`);
    expect(logText(`${'x'.repeat(RESPONSE_LOG_BYTES - 20)}${b64}`.slice(0, RESPONSE_LOG_BYTES), [key])).toBe('x'.repeat(RESPONSE_LOG_BYTES - 20));
  });

  it('a secret split by control characters is still found: the text is cleaned first', () => {
    const split = `whsec_${b64.slice(0, 10)}\u0000${b64.slice(10)}`;
    expect(logText(`key: ${split}`, [key])).toBe('key: [redacted]');
  });
});

describe('DeliveryAttempts: the answer in the log', () => {
  const sealed = (k: Buffer): SealedKey => ({ kekId: 'k', sealed: k.toString('hex') });
  const now = new Date('2025-03-14T09:00:00Z');
  const delivery: ClaimedDelivery = {
    id: 'd',
    claim: 'c',
    endpointId: 'e',
    eventId: '0b9d6a43-66f5-4c5e-9d43-5b1b8e2c7f10',
    eventType: 'webhook.test',
    status: 'pending',
    tries: 1,
    createdAt: now,
    firstAttemptAt: now,
    url: 'http://127.0.0.1:8080/hooks',
    enabled: true,
    endpointFailing: false,
    secret: sealed(key),
    previousSecret: sealed(old),
    previousSecretUntil: new Date(now.getTime() + 3_600_000),
    body: '{"type":"webhook.test"}',
  };
  const attempts = (answer: WebhookAnswer) =>
    new DeliveryAttempts(
      { timeoutMs: 1000, retrySchedule: [0, 60], allowHttp: true, allowPrivateNetworks: true } as unknown as WebhooksSettings,
      { post: () => Promise.resolve(answer) } as unknown as WebhookTransport,
      {} as QueryBus,
      // the sealed text is the key's hex: "opening" it gives the whsec_ secret
      { open: (s: SealedKey) => Buffer.from(`whsec_${Buffer.from(s.sealed, 'hex').toString('base64')}`, 'utf8') } as unknown as KeyEncryption,
      { now: () => now } as Clock,
    );
  const answered = (status: number, body: string): WebhookAnswer => ({ kind: 'answered', status, body, location: null, retryAfter: null });

  it('an echo of either secret across the cut leaves no 8 characters of it', async () => {
    for (const n of [990, 1000, 1010, 1016, 1020]) {
      for (const echo of [`whsec_${b64}`, old.toString('base64')]) {
        const outcome = await attempts(answered(500, `${'x'.repeat(n)}${echo}`.slice(0, RESPONSE_READ_BYTES))).attempt(delivery, 'scheduled');
        expect(leaked(outcome.attempt.response, key, old)).toEqual([]);
        expect(outcome).toMatchObject({ status: 'pending', attempt: { statusCode: 500 } });
      }
    }
  });

  it('an answer with NUL bytes is kept without them, and still judged by its status', async () => {
    const outcome = await attempts(answered(200, '\u001f\ufffd\u0008\u0000ok\u0000')).attempt(delivery, 'scheduled');
    expect(outcome).toMatchObject({ status: 'delivered', attempt: { statusCode: 200, error: null, response: '\ufffdok' } });
    expect(JSON.stringify(outcome.attempt)).not.toContain('\\u0000');
  });
});
