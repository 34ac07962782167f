import { randomUUID } from 'node:crypto';
import { TOTAL_CONCURRENCY } from '../libs/webhooks/src/application/delivery-worker.js';
import { signatureHeader, webhookId } from '../libs/webhooks/src/domain/signature.js';
import type { HttpWebhookTransport } from '../libs/webhooks/src/infrastructure/http-webhook-transport.adapter.js';

/**
 * A webhook receiver in a process of its own: answers 204 at once on its first port, never on
 * its second; GET /stats says how many POSTs came to the answering port (per path prefix `/e`) and
 * when the first and last came, GET /reset starts counting again.
 */
export const RECEIVER_SCRIPT = `
const http = require('node:http');
let count = 0, first = 0, last = 0;
const ok = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') return res.end(JSON.stringify({ count, first, last }));
  if (req.method === 'GET' && req.url === '/reset') { count = 0; first = 0; last = 0; return res.end('{}'); }
  req.on('data', () => {});
  req.on('end', () => { const now = performance.now() + performance.timeOrigin; if (!first) first = now; last = now; count++; res.writeHead(204).end(); });
});
ok.keepAliveTimeout = 60000;
const hang = http.createServer(() => {});
ok.listen(0, '127.0.0.1', () => hang.listen(0, '127.0.0.1', () => console.log('ready ' + ok.address().port + ' ' + hang.address().port)));
`;

/**
 * The limit of the webhooks rows: `total` POSTs of `body`, each signed for its own id and time,
 * with the webhooks' own HTTP client, TOTAL_CONCURRENCY at once, to `/e0`…`/e<endpoints - 1>` of
 * `base` in turn; no database. Every answer must be a 204.
 */
export async function bareSignedPosts(transport: HttpWebhookTransport, base: string, body: Buffer, key: Buffer, total: number, endpoints: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: TOTAL_CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const id = webhookId(randomUUID());
        const timestamp = Math.floor(Date.now() / 1000);
        const answer = await transport.post({
          url: new URL(`${base}/e${i % endpoints}`),
          address: '127.0.0.1',
          headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader(id, timestamp, body, [key]) },
          body,
          timeoutMs: 10_000,
        });
        if (answer.kind !== 'answered' || answer.status !== 204) throw new Error(`bare POST failed: ${JSON.stringify(answer)}`);
      }
    }),
  );
}
