// @ts-check
/**
 * The webhooks' HTTP client: one POST to the address given, over node:http or node:https with
 * keep-alive agents, redirects never followed, a timeout over the whole exchange, the start of the
 * answer read for the log and the rest read and dropped so the connection can serve the next
 * delivery. Certificates are verified as for any HTTPS client.
 *
 * Plain JavaScript (type-checked through JSDoc) so that a worker thread loads this very code from
 * the sources under Jest as from dist/ in production (send-thread.js): the service sends from a
 * thread of its own (ThreadedWebhookTransport) or from its main thread (HttpWebhookTransport).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, isIPv6 } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

/** An answer longer than this is not read to its end: the connection is closed instead of kept. */
const DRAIN_LIMIT = 256 * 1024;

/**
 * @typedef {{ url: URL, address: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number }} HttpPost
 * @typedef {{ kind: 'answered', status: number, body: string, location: string | null, retryAfter: string | null }
 *   | { kind: 'failed', error: string, timedOut: boolean }} HttpAnswer
 * @typedef {{
 *   responseReadBytes: number,
 *   idleSocketsPerHost: number,
 * }} HttpClientOptions `responseReadBytes`: how much of an answer is kept for the log;
 *   `idleSocketsPerHost`: idle keep-alive connections kept per receiver host
 */

/** @param {unknown} error */
const describe = (error) => {
  const e = /** @type {NodeJS.ErrnoException | undefined} */ (error);
  return e?.code && !String(e.message).includes(e.code) ? `${e.code}: ${e.message}` : (e?.message ?? String(error));
};

/**
 * A `lookup` that answers the address that was checked, whatever the name: the connection goes
 * there and nowhere else (no second resolution between the check and the connect, so DNS
 * rebinding has no gap to use), while the URL's host still names the server for TLS (SNI and
 * certificate) and the Host header.
 * @param {string} address
 * @returns {import('node:net').LookupFunction}
 */
function pinnedLookup(address) {
  const family = isIPv6(address) ? 6 : 4;
  return /** @type {import('node:net').LookupFunction} */ (
    /** @type {unknown} */ (
      /** @param {string} _host @param {{ all?: boolean }} options @param {(...args: unknown[]) => void} callback */
      (_host, options, callback) => {
        if (options?.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      }
    )
  );
}

/**
 * The first bytes of an answer as text: UTF-8, anything that is not (a compressed or binary body)
 * replaced by U+FFFD, and a character the limit cuts in two left out rather than half decoded.
 * Cleaning it for the log (control characters, secrets) is DeliveryAttempts' job.
 * @param {readonly Buffer[]} chunks
 */
function decodeStart(chunks) {
  return new StringDecoder('utf8').write(Buffer.concat(chunks));
}

/**
 * The agents reuse an idle connection per host:port (and address family), not per address: a
 * connection was opened to an address checked by the attempt that opened it, and every new
 * connection goes to the address the current attempt checked (`lookup`).
 */
export class WebhookHttpClient {
  /** @param {HttpClientOptions} options */
  constructor(options) {
    this.responseReadBytes = options.responseReadBytes;
    this.http = new HttpAgent({ keepAlive: true, maxFreeSockets: options.idleSocketsPerHost, timeout: 60_000 });
    this.https = new HttpsAgent({ keepAlive: true, maxFreeSockets: options.idleSocketsPerHost, timeout: 60_000 });
  }

  /** Closes every connection, idle or in use. */
  destroy() {
    this.http.destroy();
    this.https.destroy();
  }

  /**
   * @param {HttpPost} request
   * @returns {Promise<HttpAnswer>}
   */
  post(request) {
    const secure = request.url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const host = request.url.hostname.replace(/^\[|\]$/g, '');
    const readBytes = this.responseReadBytes;
    return new Promise((resolve) => {
      let settled = false;
      /** @param {HttpAnswer} answer */
      const settle = (answer) => {
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
      req.on('response', (res) => {
        /** @type {Buffer[]} */
        const kept = [];
        let keptBytes = 0;
        let total = 0;
        res.on('data', (/** @type {Buffer} */ chunk) => {
          total += chunk.length;
          if (keptBytes < readBytes) {
            kept.push(chunk.subarray(0, readBytes - keptBytes));
            keptBytes += Math.min(chunk.length, readBytes - keptBytes);
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
