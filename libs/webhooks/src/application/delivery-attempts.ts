import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ResolveHostAddressesQuery } from '#verification';
import { Clock, KeyEncryption, type SealedKey } from '#shared-kernel';
import { forbiddenKind } from '../domain/address-policy.js';
import type { AttemptTrigger, ClaimedDelivery, DeliveryOutcome } from '../domain/delivery.js';
import { attemptOffsets, nextAttemptAt, retryAfterMs } from '../domain/retry-schedule.js';
import { secretKey, signatureHeader, webhookId } from '../domain/signature.js';
import { secretContext } from '../domain/webhook-endpoint.js';
import { readWebhookUrl } from '../domain/webhook-url.js';
import { type WebhookAnswer, WebhookTransport } from '../domain/webhook-transport.port.js';
import { WebhooksSettings } from './webhooks.settings.js';

/** Opened secrets kept in memory (by endpoint and sealed text), so a busy endpoint is not decrypted per delivery. */
const SECRET_CACHE = 1000;
const USER_AGENT = 'sending-domain-service-webhooks/1';

type Reached = { kind: 'answer'; answer: WebhookAnswer } | { kind: 'refused'; error: string };

/** What one attempt ended with, before the schedule has its say. */
interface Result {
  statusCode: number | null;
  error: string | null;
  response: string | null;
  retryAfter: string | null;
  succeeded: boolean;
  gone: boolean;
}

const withDeadline = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what)), Math.max(0, ms));
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });

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
  private readonly secrets = new Map<string, Buffer>();

  constructor(
    private readonly settings: WebhooksSettings,
    private readonly transport: WebhookTransport,
    private readonly queryBus: QueryBus,
    @Inject(KeyEncryption) private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
  ) {
    this.offsets = attemptOffsets(settings.retrySchedule);
  }

  /** How many attempts the schedule makes. */
  get scheduledAttempts(): number {
    return this.offsets.length;
  }

  async attempt(delivery: ClaimedDelivery, trigger: AttemptTrigger): Promise<DeliveryOutcome> {
    const at = this.clock.now();
    const started = performance.now();
    const result = await this.send(delivery, at, started).catch((error: unknown): Result => ({ statusCode: null, error: error instanceof Error ? error.message : String(error), response: null, retryAfter: null, succeeded: false, gone: false }));
    const durationMs = Math.round(performance.now() - started);
    const attempt = { at: at.toISOString(), trigger, statusCode: result.statusCode, durationMs, error: result.error, response: result.response };
    const base = { deliveryId: delivery.id, claim: delivery.claim, endpointId: delivery.endpointId, attempt, succeeded: result.succeeded, gone: result.gone };
    if (result.succeeded) return { ...base, status: 'delivered', nextAttemptAt: null, failure: null };
    if (result.gone) return { ...base, status: 'failed', nextAttemptAt: null, failure: 'the endpoint answered 410 Gone: it was disabled' };
    if (trigger === 'manual') return { ...base, status: delivery.status, nextAttemptAt: null, failure: null };
    const now = this.clock.now();
    const next = nextAttemptAt(this.offsets, delivery.createdAt, delivery.tries, now, retryAfterMs(result.retryAfter, now));
    if (next) return { ...base, status: 'pending', nextAttemptAt: next, failure: null };
    return { ...base, status: 'failed', nextAttemptAt: null, failure: `all ${this.offsets.length} attempts of the schedule failed; the last: ${result.error ?? 'failed'}` };
  }

  private async send(delivery: ClaimedDelivery, at: Date, started: number): Promise<Result> {
    const fail = (error: string): Result => ({ statusCode: null, error, response: null, retryAfter: null, succeeded: false, gone: false });
    if (!delivery.enabled) return fail('the endpoint is disabled');
    const deadline = started + this.settings.timeoutMs;
    const reached = await this.reach(delivery, at, deadline);
    if (reached.kind === 'refused') return fail(reached.error);
    const answer = reached.answer;
    if (answer.kind === 'failed') return fail(answer.error);
    const response = this.redact(answer.body, delivery) || null;
    const phrase = `${answer.status}${STATUS_CODES[answer.status] ? ` ${STATUS_CODES[answer.status]}` : ''}`;
    const result = { statusCode: answer.status, response, retryAfter: answer.retryAfter };
    if (answer.status >= 200 && answer.status < 300) return { ...result, error: null, succeeded: true, gone: false };
    if (answer.status === 410) return { ...result, error: `answered ${phrase}`, succeeded: false, gone: true };
    if (answer.status >= 300 && answer.status < 400) {
      return { ...result, error: `answered ${phrase}: redirects are not followed${answer.location ? ` (to ${answer.location.slice(0, 300)})` : ''}; change the endpoint's URL instead`, succeeded: false, gone: false };
    }
    return { ...result, error: `answered ${phrase}`, succeeded: false, gone: false };
  }

  /** Checks the destination and sends: a refusal names why the address may not be reached. */
  private async reach(delivery: ClaimedDelivery, at: Date, deadline: number): Promise<Reached> {
    const { allowHttp, allowPrivateNetworks } = this.settings;
    const read = readWebhookUrl(delivery.url, { allowHttp, allowPrivateNetworks });
    if ('refused' in read) return { kind: 'refused', error: read.refused };
    const { url, host, literal } = read.target;
    let address = host;
    if (!literal) {
      const found = await withDeadline(this.queryBus.execute(new ResolveHostAddressesQuery(host)), deadline - performance.now(), `resolving ${host} took longer than ${this.settings.timeoutMs} ms`);
      if (found.kind === 'missing') return { kind: 'refused', error: `${host} does not resolve: ${found.reason}` };
      if (found.kind === 'error') return { kind: 'refused', error: `resolving ${host} failed: ${found.message}` };
      const refused = allowPrivateNetworks ? undefined : found.addresses.find((a) => forbiddenKind(a) !== null);
      if (refused) return { kind: 'refused', error: `refused: ${host} resolves to ${refused}, ${forbiddenKind(refused)}` };
      address = found.addresses[0]!;
    }
    const id = webhookId(delivery.eventId);
    const timestamp = Math.floor(at.getTime() / 1000);
    const body = Buffer.from(delivery.body, 'utf8');
    const keys = [this.open(delivery.endpointId, delivery.secret)];
    if (delivery.previousSecret && delivery.previousSecretUntil && delivery.previousSecretUntil > at) keys.push(this.open(delivery.endpointId, delivery.previousSecret));
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(id, timestamp, body, keys),
    };
    const timeoutMs = Math.max(1, Math.round(deadline - performance.now()));
    return { kind: 'answer', answer: await this.transport.post({ url, address, headers, body, timeoutMs }) };
  }

  private open(endpointId: string, sealed: SealedKey): Buffer {
    const key = `${endpointId}:${sealed.sealed}`;
    let secret = this.secrets.get(key);
    if (!secret) {
      secret = secretKey(this.encryption.open(sealed, secretContext(endpointId)).toString('utf8'));
      if (this.secrets.size >= SECRET_CACHE) this.secrets.delete(this.secrets.keys().next().value!);
      this.secrets.set(key, secret);
    }
    return secret;
  }

  /** A receiver that echoes our secret back never gets it into the log. */
  private redact(text: string, delivery: ClaimedDelivery): string {
    let out = text;
    for (const sealed of [delivery.secret, delivery.previousSecret]) {
      if (!sealed) continue;
      const key = this.open(delivery.endpointId, sealed).toString('base64');
      out = out.replaceAll(`whsec_${key}`, '[redacted]').replaceAll(key, '[redacted]');
    }
    return out;
  }
}
