import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type WebhookAnswer, type WebhookPost, WebhookTransport } from '../domain/webhook-transport.port.js';
import { HTTP_CLIENT_OPTIONS } from './http-webhook-transport.adapter.js';
import type { HandedPost } from './send-thread.js';

/** A thread whose oldest POST has gone unanswered this long past its timeout is stuck: it is replaced, its POSTs failed. */
const STUCK_AFTER_MS = 5_000;
const WATCH_EVERY_MS = 1_000;
/** how long the shutdown waits for POSTs under way (the worker has waited for its attempts already) */
const STOP_WAIT_MS = 5_000;

interface Pending {
  resolve: (answer: WebhookAnswer) => void;
  /** performance.now() past which the thread is stuck */
  stuckAt: number;
}

/** One sending thread, with the POSTs it has under way and those waiting to be handed over. */
interface SendThread {
  worker: Worker;
  pending: Map<number, Pending>;
  queue: HandedPost[];
  handing: boolean;
  gone: boolean;
}

/**
 * Sends webhooks from worker threads of their own (WEBHOOK_SEND_THREADS), each with the webhooks'
 * HTTP client (WebhookHttpClient, as HttpWebhookTransport uses it), the POSTs handed over and the
 * answers handed back in batches. The HTTP client is most of what a delivery costs the service's
 * main thread (measured: about 60 %); on a thread of its own it runs beside the outbox, the fan-out,
 * the worker and the pg client instead of after them.
 *
 * The address was checked on the main thread and the connection goes to it (the client's pinned
 * lookup), as from the main thread. A thread that fails, exits or stops answering is replaced, and
 * its POSTs under way answer as failed (their deliveries are retried on their schedule, with the
 * same webhook-id: at least once). Made by the module's factory (the thread count is a setting).
 */
export class ThreadedWebhookTransport extends WebhookTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly threads: (SendThread | null)[];
  private next = 0;
  private seq = 0;
  private stopping = false;
  private readonly watch: NodeJS.Timeout;
  private readonly stuckAfterMs: number;

  /** `watch`: how often, and how long past its timeout, an unanswered POST is looked for (the tests shorten them) */
  constructor(count: number, watch: { everyMs?: number; stuckAfterMs?: number } = {}) {
    super();
    if (!Number.isInteger(count) || count < 1) throw new Error(`ThreadedWebhookTransport needs at least one thread, got ${count}`);
    this.threads = Array.from({ length: count }, () => null);
    this.stuckAfterMs = watch.stuckAfterMs ?? STUCK_AFTER_MS;
    this.watch = setInterval(() => this.replaceStuck(), watch.everyMs ?? WATCH_EVERY_MS);
    this.watch.unref();
  }

  post(request: WebhookPost): Promise<WebhookAnswer> {
    if (this.stopping) return Promise.resolve({ kind: 'failed', error: 'the service is stopping', timedOut: false });
    const slot = this.next;
    this.next = (this.next + 1) % this.threads.length;
    const thread = (this.threads[slot] ??= this.spawn(slot));
    const id = ++this.seq;
    thread.queue.push([id, request.url.href, request.address, request.headers, request.body, request.timeoutMs]);
    if (!thread.handing) {
      thread.handing = true;
      // the attempts that start in one go (a burst of slots freed, a claim's worth) go over together
      queueMicrotask(() => this.handOver(thread));
    }
    return new Promise<WebhookAnswer>((resolve) => thread.pending.set(id, { resolve, stuckAt: performance.now() + request.timeoutMs + this.stuckAfterMs }));
  }

  private handOver(thread: SendThread): void {
    thread.handing = false;
    if (thread.gone) return; // retired meanwhile: its POSTs have answered as failed
    const batch = thread.queue.splice(0);
    try {
      thread.worker.postMessage(batch);
    } catch {
      // one that cannot be copied to the thread (nothing a delivery carries should be) fails alone
      for (const one of batch) {
        try {
          thread.worker.postMessage([one]);
        } catch (error) {
          thread.pending.get(one[0])?.resolve({ kind: 'failed', error: `the POST could not be handed to the sending thread: ${error instanceof Error ? error.message : String(error)}`, timedOut: false });
          thread.pending.delete(one[0]);
        }
      }
    }
  }

  /** Threads under way now (for the tests). */
  get running(): number {
    return this.threads.filter((t) => t !== null).length;
  }

  /** Waits (a while) for the POSTs under way, then ends the threads; any still unanswered answer as failed. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watch);
    const until = performance.now() + STOP_WAIT_MS;
    while (this.threads.some((t) => t && t.pending.size > 0) && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(this.threads.map((t, slot) => (t ? this.retire(slot, 'the service stopped before it answered') : undefined)));
  }

  private spawn(slot: number): SendThread {
    const worker = new Worker(new URL('./send-thread.js', import.meta.url), { workerData: { options: HTTP_CLIENT_OPTIONS } });
    // the threads never keep the process alive: the shutdown ends them, and a process ending without one is not waited for
    worker.unref();
    const thread: SendThread = { worker, pending: new Map(), queue: [], handing: false, gone: false };
    worker.on('message', (answers: [number, WebhookAnswer][]) => {
      for (const [id, answer] of answers) {
        const p = thread.pending.get(id);
        if (!p) continue;
        thread.pending.delete(id);
        p.resolve(answer);
      }
    });
    worker.on('error', (error) => {
      this.logger.warn(`A webhook sending thread failed (${thread.pending.size} POSTs under way answer as failed; a new thread takes over): ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.threads[slot] === thread) void this.retire(slot, `the sending thread stopped (exit code ${code}) before it answered`);
    });
    return thread;
  }

  /** Takes a thread out of service: its POSTs under way answer as failed, and the next POST in its turn starts a new one. */
  private async retire(slot: number, reason: string): Promise<void> {
    const thread = this.threads[slot];
    if (!thread) return;
    this.threads[slot] = null;
    thread.gone = true;
    for (const p of thread.pending.values()) p.resolve({ kind: 'failed', error: reason, timedOut: false });
    thread.pending.clear();
    await thread.worker.terminate();
  }

  /** A thread whose oldest POST is long past its timeout is stuck (the client's own timer would have answered it). */
  private replaceStuck(): void {
    const now = performance.now();
    this.threads.forEach((t, slot) => {
      const oldest = t?.pending.values().next().value;
      if (!oldest || oldest.stuckAt > now) return;
      this.logger.warn(`A webhook sending thread stopped answering (${t!.pending.size} POSTs under way answer as failed; a new thread takes over)`);
      void this.retire(slot, `the sending thread gave no answer within ${this.stuckAfterMs} ms past the timeout`);
    });
  }
}
