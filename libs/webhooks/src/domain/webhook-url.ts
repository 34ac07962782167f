import { isIP } from 'node:net';
import { addressRefusal } from './address-policy.js';

export const MAX_URL_LENGTH = 2000;

/** How an endpoint URL may look (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
export interface UrlPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/** A URL an endpoint may have: its normalised text, and the host to resolve (or the address it names). */
export interface WebhookTarget {
  url: URL;
  /** the host name (lower case, punycode) or the IP address, without IPv6 brackets */
  host: string;
  /** the host is an IP address literal: nothing to resolve */
  literal: boolean;
}

/**
 * Reads an endpoint URL, or says in words why it is refused: not a URL, another scheme than
 * https (http only with `allowHttp`), credentials in it, a `localhost` name, or, for an IP
 * literal, an address outside the public unicast ranges (unless `allowPrivateNetworks`). Host
 * names are resolved and their addresses checked elsewhere (at creation and at every delivery).
 * Number tricks (`http://2130706433/`, `0x7f.1`) are normalised by the URL parser to the address
 * they mean, and judged as such.
 */
export function readWebhookUrl(raw: string, policy: UrlPolicy): { target: WebhookTarget } | { refused: string } {
  if (raw.length > MAX_URL_LENGTH) return { refused: `url must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: 'url must be an absolute URL, like https://hooks.example.com/sending-domains' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return { refused: policy.allowHttp ? 'url must be an https:// or http:// URL' : 'url must be an https:// URL (http:// is refused unless WEBHOOK_ALLOW_HTTP=true)' };
  }
  if (url.username || url.password) return { refused: 'url must not contain credentials (user:password@): authenticate deliveries by their signature' };
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!host) return { refused: 'url must name a host' };
  const literal = isIP(host) !== 0;
  if (!literal && !policy.allowPrivateNetworks && (host === 'localhost' || host.endsWith('.localhost'))) {
    return { refused: `url's host ${host} is this machine (a localhost name)` };
  }
  if (literal && !policy.allowPrivateNetworks) {
    const refusal = addressRefusal(host);
    if (refusal) return { refused: `url's host ${refusal}` };
  }
  url.hash = '';
  return { target: { url, host, literal } };
}
