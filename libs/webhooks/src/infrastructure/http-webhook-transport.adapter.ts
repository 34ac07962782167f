import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIPv6, type LookupFunction } from 'node:net';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type WebhookAnswer, type WebhookPost, WebhookTransport } from '../domain/webhook-transport.port.js';

/** The start of an answer kept for the log. */
export const RESPONSE_LOG_BYTES = 1024;
/** An answer longer than this is not read to its end: the connection is closed instead of kept. */
const DRAIN_LIMIT = 256 * 1024;
/** idle keep-alive connections kept per receiver host (those in use are bounded by the worker's own limits) */
const IDLE_SOCKETS_PER_HOST = 64;

const describe = (error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  return e?.code && !String(e.message).includes(e.code) ? `${e.code}: ${e.message}` : (e?.message ?? String(error));
};

/**
 * A `lookup` that answers the address that was checked, whatever the name: the connection goes
 * there and nowhere else (no second resolution between the check and the connect, so DNS
 * rebinding has no gap to use), while the URL's host still names the server for TLS (SNI and
 * certificate) and the Host header.
 */
function pinnedLookup(address: string): LookupFunction {
  const family = isIPv6(address) ? 6 : 4;
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

/**
 * Sends webhooks over node:http and node:https with keep-alive agents: one POST to the address
 * given, redirects never followed, a timeout over the whole exchange, the start of the answer
 * kept (1 kB) and the rest read and dropped so the connection can serve the next delivery.
 * Certificates are verified as for any HTTPS client.
 */
@Injectable()
export class HttpWebhookTransport extends WebhookTransport implements OnModuleDestroy {
  private readonly http = new HttpAgent({ keepAlive: true, maxFreeSockets: IDLE_SOCKETS_PER_HOST, timeout: 60_000 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxFreeSockets: IDLE_SOCKETS_PER_HOST, timeout: 60_000 });

  onModuleDestroy(): void {
    this.http.destroy();
    this.https.destroy();
  }

  post(request: WebhookPost): Promise<WebhookAnswer> {
    const secure = request.url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const host = request.url.hostname.replace(/^\[|\]$/g, '');
    return new Promise<WebhookAnswer>((resolve) => {
      let settled = false;
      const settle = (answer: WebhookAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const req = send({
        method: 'POST',
        protocol: request.url.protocol,
        host,
        port: request.url.port || (secure ? 443 : 80),
        path: `${request.url.pathname}${request.url.search}`,
        headers: { ...request.headers, 'content-length': String(request.body.length) },
        agent: secure ? this.https : this.http,
        lookup: pinnedLookup(request.address),
        // the address family of the checked address: keeps the agent's pools apart per family
        family: isIPv6(request.address) ? 6 : 4,
        ...(secure ? { servername: host } : {}),
      });
      const timer = setTimeout(() => {
        settle({ kind: 'failed', error: `no answer within ${request.timeoutMs} ms`, timedOut: true });
        req.destroy(new Error('timed out'));
      }, request.timeoutMs);
      req.on('error', (error) => settle({ kind: 'failed', error: describe(error), timedOut: false }));
      req.on('response', (res: IncomingMessage) => {
        const kept: Buffer[] = [];
        let keptBytes = 0;
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (keptBytes < RESPONSE_LOG_BYTES) {
            kept.push(chunk.subarray(0, RESPONSE_LOG_BYTES - keptBytes));
            keptBytes += Math.min(chunk.length, RESPONSE_LOG_BYTES - keptBytes);
          }
          if (total > DRAIN_LIMIT) res.destroy(); // not worth reading for a keep-alive: this answer is enough
        });
        const answered = () =>
          settle({
            kind: 'answered',
            status: res.statusCode ?? 0,
            body: Buffer.concat(kept).toString('utf8'),
            location: typeof res.headers.location === 'string' ? res.headers.location : null,
            retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
          });
        res.on('end', answered);
        res.on('close', answered); // destroyed over the drain limit, or closed by the receiver mid-body: the status is known
        res.on('error', () => undefined);
      });
      req.end(request.body);
    });
  }
}
