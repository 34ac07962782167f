// @ts-check
/**
 * A sending thread of ThreadedWebhookTransport: takes batches of POSTs from the main thread, sends
 * each with the webhooks' HTTP client, and hands the answers back in batches (those that came in
 * the same turn of this thread's event loop together). The client's own timeout ends every POST,
 * so every request is answered.
 *
 * A request: HandedPost; an answer: [id, HttpAnswer].
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebhookHttpClient } from './webhook-http-client.js';

/**
 * @typedef {import('./webhook-http-client.js').HttpAnswer} HttpAnswer
 * @typedef {[id: number, url: string, address: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number]} HandedPost
 */

if (!parentPort) throw new Error('send-thread.js runs as a worker thread of ThreadedWebhookTransport');
const port = parentPort;
const client = new WebhookHttpClient(workerData.options);
/** @type {[number, HttpAnswer][]} */
let answers = [];
let flushing = false;

/** @param {number} id @param {HttpAnswer} result */
function answer(id, result) {
  answers.push([id, result]);
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    flushing = false;
    const batch = answers;
    answers = [];
    port.postMessage(batch);
  });
}

port.on('message', (/** @type {HandedPost[]} */ batch) => {
  for (const [id, url, address, headers, body, timeoutMs] of batch) {
    let sent;
    try {
      sent = client.post({ url: new URL(url), address, headers, body, timeoutMs });
    } catch (error) {
      answer(id, { kind: 'failed', error: error instanceof Error ? error.message : String(error), timedOut: false });
      continue;
    }
    sent.then((a) => answer(id, a));
  }
});
