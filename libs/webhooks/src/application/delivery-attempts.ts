import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ResolveHostAddressesQuery } from '#verification';
import { Clock, KeyEncryption, remembered, type SealedKey, withDeadline } from '#shared-kernel';
import { firstForbidden } from '../domain/address-policy.js';
import type { AttemptTrigger, ClaimedDelivery, DeliveryOutcome } from '../domain/delivery.js';
import { attemptOffsets, nextAttemptAt, retryAfterMs } from '../domain/retry-schedule.js';
import { secretKey, signatureHeader, webhookId } from '../domain/signature.js';
import { secretContext } from '../domain/webhook-endpoint.js';
import { readWebhookUrl } from '../domain/webhook-url.js';
import { WebhookTransport } from '../domain/webhook-transport.port.js';
import { WebhooksSettings } from './webhooks.settings.js';

/**
 * Kept in memory, since they do not change: opened secrets (by endpoint and sealed text), so a busy
 * endpoint is not decrypted per delivery; endpoint URLs as read; message bodies as bytes (a message
 * goes to every endpoint that takes it).
 */
const SECRET_CACHE = 1000;
const URL_CACHE = 1000;
const BODY_CACHE = 2000;
const USER_AGENT = 'sending-domain-service-webhooks/1';

/** The start of an answer the log keeps, in bytes of UTF-8. */
export const RESPONSE_LOG_BYTES = 1024;
/**
 * How much of an answer the transport reads for the log: more than is kept, so that a secret the
 * receiver echoes across the cut (`whsec_` and 44 characters of base64: 50 bytes) is read whole
 * and redacted before the text is cut.
 */
export const RESPONSE_READ_BYTES = RESPONSE_LOG_BYTES + 64;
/** A trailing piece of a secret this long or longer, left at the cut, is removed too. */
const SECRET_FRAGMENT = 8;
/**
 * C0 control characters but tab, line feed and carriage return, and DEL: NUL is refused by
 * PostgreSQL's jsonb (22P05, which would fail the whole batch of outcomes the attempt is recorded
 * in), the others garble whoever reads the log in a terminal.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** A UTF-16 surrogate without its other half: JSON can carry it as an escape, jsonb refuses it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The longest start of `text` whose UTF-8 is at most `maxBytes`, ending on a whole character (never half a surrogate pair). */
function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * The start of a receiver's answer as the log keeps it (null when nothing is left): text that
 * PostgreSQL's jsonb takes (no NUL, no lone surrogate; other control characters but tab and line
 * ends dropped), with every secret of the endpoint (`keys`: current and previous, as `whsec_…` and
 * as bare base64) redacted, cut to RESPONSE_LOG_BYTES. The text is cleaned before the redaction,
 * so a secret split by control characters is still found, and redacted before the cut, so one
 * echoed across it is still whole (the transport reads RESPONSE_READ_BYTES); what of a secret is
 * left at the end (the cut, or the end of what was read) is removed too.
 */
export function logText(answer: string, keys: readonly Buffer[]): string | null {
  const secrets = keys.map((key) => key.toString('base64')).flatMap((b64) => [`whsec_${b64}`, b64]);
  let text = answer.replace(LONE_SURROGATE, '\ufffd').replace(CONTROLS, '');
  // the whole forms first; then base64 without its padding, as a receiver may print it
  for (const secret of [...secrets, ...secrets.map((s) => s.replace(/=+$/, ''))]) text = text.replaceAll(secret, '[redacted]');
  text = cutUtf8(text, RESPONSE_LOG_BYTES);
  let fragment = 0;
  for (const secret of secrets) {
    for (let n = Math.min(secret.length, text.length); n >= SECRET_FRAGMENT && n > fragment; n--) {
      if (text.endsWith(secret.slice(0, n))) {
        fragment = n;
        break;
      }
    }
  }
  text = text.slice(0, text.length - fragment);
  return text || null;
}

/** What one attempt ended with, before the schedule has its say. */
interface Result {
  statusCode: number | null;
  error: string | null;
  response: string | null;
  retryAfter: string | null;
  succeeded: boolean;
  gone: boolean;
}

const failed = (error: string): Result => ({ statusCode: null, error, response: null, retryAfter: null, succeeded: false, gone: false });

/**
 * One attempt of a delivery: the URL checked again, its host resolved through the service's own
 * resolver and every address checked (at every attempt: an answer that changed since creation, a
 * DNS rebinding, is caught here), the message signed for this attempt's time and POSTed to the
 * address that was checked; the answer judged (2xx delivered, 410 gone, anything else or no answer
 * a failure) and the next attempt scheduled. The whole attempt, resolution included, ends within
 * WEBHOOK_TIMEOUT_MS.
 */
@Injectable()
export class DeliveryAttempts {
  private readonly offsets: number[];
  /** by endpoint, then by sealed text (a key made of both would be a new string to hash at every attempt) */
  private readonly secrets = new Map<string, Map<string, Buffer>>();
  /** the last attempt's start, as a number and as the log writes it: attempts start in bursts, many in the same millisecond */
  private lastAt = { ms: NaN, iso: '' };
  private readonly targets = new Map<string, ReturnType<typeof readWebhookUrl>>();
  private readonly bodies = new Map<string, Buffer>();

  constructor(
    private readonly settings: WebhooksSettings,
    private readonly transport: WebhookTransport,
    private readonly queryBus: QueryBus,
    @Inject(KeyEncryption) private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
  ) {
    this.offsets = attemptOffsets(settings.retrySchedule);
  }

  async attempt(delivery: ClaimedDelivery, trigger: AttemptTrigger): Promise<DeliveryOutcome> {
    const at = this.clock.now();
    const started = performance.now();
    let result: Result;
    try {
      result = await this.send(delivery, at, started);
    } catch (error) {
      result = failed(error instanceof Error ? error.message : String(error));
    }
    const attempt = { at: this.iso(at), trigger, statusCode: result.statusCode, durationMs: Math.round(performance.now() - started), error: result.error, response: result.response };
    let status: DeliveryOutcome['status'] = 'failed';
    let nextAt: Date | null = null;
    let failure: string | null = null;
    if (result.succeeded) status = 'delivered';
    else if (result.gone) failure = 'the endpoint answered 410 Gone: it was disabled';
    else if (trigger === 'manual') status = delivery.status;
    else {
      const now = this.clock.now();
      nextAt = nextAttemptAt(this.offsets, delivery.firstAttemptAt, delivery.tries, now, retryAfterMs(result.retryAfter, now));
      if (nextAt) status = 'pending';
      else failure = `all ${this.offsets.length} attempts of the schedule failed; the last: ${result.error ?? 'failed'}`;
    }
    return { deliveryId: delivery.id, claim: delivery.claim, endpointId: delivery.endpointId, attempt, succeeded: result.succeeded, gone: result.gone, status, nextAttemptAt: nextAt, failure };
  }

  /** Checks the destination (a refusal names why the address may not be reached), sends, and judges the answer. */
  private async send(delivery: ClaimedDelivery, at: Date, started: number): Promise<Result> {
    if (!delivery.enabled) return failed('the endpoint is disabled');
    const deadline = started + this.settings.timeoutMs;
    const { allowHttp, allowPrivateNetworks } = this.settings;
    const read = remembered(this.targets, delivery.url, URL_CACHE, () => readWebhookUrl(delivery.url, { allowHttp, allowPrivateNetworks }));
    if ('refused' in read) return failed(read.refused);
    const { url, host, literal } = read.target;
    let address = host;
    if (!literal) {
      const found = await withDeadline(this.queryBus.execute(new ResolveHostAddressesQuery(host)), deadline - performance.now(), `resolving ${host} took longer than ${this.settings.timeoutMs} ms`);
      if (found.kind === 'missing') return failed(`${host} does not resolve: ${found.reason}`);
      if (found.kind === 'error') return failed(`resolving ${host} failed: ${found.message}`);
      const refused = allowPrivateNetworks ? null : firstForbidden(found.addresses);
      if (refused) return failed(`refused: ${host} resolves to ${refused.address}, ${refused.kind}`);
      address = found.addresses[0]!;
    }
    const id = webhookId(delivery.eventId);
    const timestamp = Math.floor(at.getTime() / 1000);
    const body = remembered(this.bodies, delivery.eventId, BODY_CACHE, () => Buffer.from(delivery.body, 'utf8'));
    const keys = [this.open(delivery.endpointId, delivery.secret)];
    if (delivery.previousSecret && delivery.previousSecretUntil && delivery.previousSecretUntil > at) keys.push(this.open(delivery.endpointId, delivery.previousSecret));
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(id, timestamp, body, keys),
    };
    const answer = await this.transport.post({ url, address, headers, body, timeoutMs: Math.max(1, Math.round(deadline - performance.now())) });
    if (answer.kind === 'failed') return failed(answer.error);
    const response = answer.body === '' ? null : logText(answer.body, this.secretsOf(delivery));
    if (answer.status >= 200 && answer.status < 300) return { statusCode: answer.status, error: null, response, retryAfter: answer.retryAfter, succeeded: true, gone: false };
    const phrase = `${answer.status}${STATUS_CODES[answer.status] ? ` ${STATUS_CODES[answer.status]}` : ''}`;
    const error =
      answer.status >= 300 && answer.status < 400
        ? `answered ${phrase}: redirects are not followed${answer.location ? ` (to ${answer.location.slice(0, 300)})` : ''}; change the endpoint's URL instead`
        : `answered ${phrase}`;
    return { statusCode: answer.status, error, response, retryAfter: answer.retryAfter, succeeded: false, gone: answer.status === 410 };
  }

  private iso(at: Date): string {
    const ms = at.getTime();
    if (ms !== this.lastAt.ms) this.lastAt = { ms, iso: at.toISOString() };
    return this.lastAt.iso;
  }

  private open(endpointId: string, sealed: SealedKey): Buffer {
    // an endpoint has two secrets at most (during a rotation's overlap); a third is another rotation
    const opened = remembered(this.secrets, endpointId, SECRET_CACHE, () => new Map<string, Buffer>());
    let key = opened.get(sealed.sealed);
    if (key === undefined) {
      key = secretKey(this.encryption.open(sealed, secretContext(endpointId)).toString('utf8'));
      if (opened.size >= 2) opened.delete(opened.keys().next().value!);
      opened.set(sealed.sealed, key);
    }
    return key;
  }

  /** Every secret the endpoint has (the previous one too, even past its overlap): a receiver that echoes one never gets it into the log. */
  private secretsOf(delivery: ClaimedDelivery): Buffer[] {
    return [delivery.secret, delivery.previousSecret].filter((sealed): sealed is SealedKey => sealed !== null).map((sealed) => this.open(delivery.endpointId, sealed));
  }
}
