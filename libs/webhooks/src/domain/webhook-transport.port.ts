/** One signed POST to the address that was checked. */
export interface WebhookPost {
  url: URL;
  /** the IP address to connect to (checked): the URL's host is still what TLS and Host name */
  address: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
}

/** What came back: an answer (any status; a redirect is not followed), or no answer at all. */
export type WebhookAnswer =
  | { kind: 'answered'; status: number; body: string; location: string | null; retryAfter: string | null }
  | { kind: 'failed'; error: string; timedOut: boolean };

/** Port: sends a webhook. Adapter: node:http / node:https with keep-alive, connecting to the given address. */
export abstract class WebhookTransport {
  abstract post(request: WebhookPost): Promise<WebhookAnswer>;
}
