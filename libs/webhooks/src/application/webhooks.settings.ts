/** Settings of the webhooks module, provided by the composition root (WEBHOOK_*). */
export abstract class WebhooksSettings {
  /** after a rotation, messages carry the old secret's signature too for this long */
  abstract readonly secretOverlapMs: number;
  /** one attempt's timeout (resolving the host, connecting, the whole answer) */
  abstract readonly timeoutMs: number;
  /** seconds after the first try at which a failed delivery is tried again */
  abstract readonly retrySchedule: readonly number[];
  /** an endpoint whose every attempt has failed this long is disabled */
  abstract readonly disableAfterMs: number;
  /** deliveries are kept this long */
  abstract readonly logMs: number;
  abstract readonly allowHttp: boolean;
  abstract readonly allowPrivateNetworks: boolean;
  /** worker threads that send the POSTs with the HTTP client (0: the main thread sends them) */
  abstract readonly sendThreads: number;
  /** how often the worker looks for due deliveries it was not told about (the safety net) */
  abstract readonly pollMs: number;
}
