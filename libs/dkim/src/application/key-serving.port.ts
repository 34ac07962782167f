import type { ServedKey } from '#shared-kernel';

export type { ServedKey };

/**
 * Port: asks DNS (the service's resolver, DNS_SERVERS) what is served at a key's name. Bound by
 * the composition root to the verification module's resolver, which this module may not use itself.
 */
export abstract class KeyServing {
  abstract served(host: string, txt: string): Promise<ServedKey>;
}
