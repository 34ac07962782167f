import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, isIPv6, type LookupFunction } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RESPONSE_READ_BYTES } from '../application/delivery-attempts.js';
import { TOTAL_CONCURRENCY } from '../application/delivery-worker.js';
import { type WebhookAnswer, type WebhookPost, WebhookTransport } from '../domain/webhook-transport.port.js';

/** An answer longer than this is not read to its end: the connection is closed instead of kept. */
const DRAIN_LIMIT = 256 * 1024;
/**
 * Idle keep-alive connections kept per receiver host: as many as the worker may have in use at
 * once (its own limits bound those), since attempts come in bursts (a claim's worth start
 * together and end together); with fewer, the connections past the limit are closed at the end of
 * one burst and opened again for the next. They close after a minute unused.
 */
const IDLE_SOCKETS_PER_HOST = TOTAL_CONCURRENCY;

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
 * The first bytes of an answer as text: UTF-8, anything that is not (a compressed or binary body)
 * replaced by U+FFFD, and a character the limit cuts in two left out rather than half decoded.
 * Cleaning it for the log (control characters, secrets) is DeliveryAttempts' job.
 */
function decodeStart(chunks: readonly Buffer[]): string {
  return new StringDecoder('utf8').write(Buffer.concat(chunks));
}

/**
 * Sends webhooks over node:http and node:https with keep-alive agents: one POST to the address
 * given, redirects never followed, a timeout over the whole exchange, the start of the answer
 * read for the log (RESPONSE_READ_BYTES) and the rest read and dropped so the connection can serve
 * the next delivery. Certificates are verified as for any HTTPS client.
 *
 * The agents reuse an idle connection per host:port (and address family), not per address: a
 * connection was opened to an address checked by the attempt that opened it, and every new
 * connection goes to the address the current attempt checked (`lookup`).
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
        // SNI names a host, never an address (RFC 6066; Node warns, DEP0123): for an IP literal the
        // agent sends none, and the certificate is checked against the address
        ...(secure && isIP(host) === 0 ? { servername: host } : {}),
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
          if (keptBytes < RESPONSE_READ_BYTES) {
            kept.push(chunk.subarray(0, RESPONSE_READ_BYTES - keptBytes));
            keptBytes += Math.min(chunk.length, RESPONSE_READ_BYTES - keptBytes);
          }
          if (total > DRAIN_LIMIT) res.destroy(); // not worth reading for a keep-alive: this answer is enough
        });
        const answered = () =>
          settle({
            kind: 'answered',
            status: res.statusCode ?? 0,
            body: decodeStart(kept),
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
