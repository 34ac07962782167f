import { DomainError } from '#shared-kernel';
import type { RecordSpec } from './record-profile.js';

/** RFC 1035 §2.3.4: a name is at most 253 characters in text form (255 octets on the wire). */
export const DNS_NAME_MAX = 253;
export const DNS_LABEL_MAX = 63;

/**
 * Refuses a domain whose records could never be published: a record's host (or CNAME target)
 * over 253 characters, or a label over 63. The message says how long a name may be with the
 * records this profile generates.
 */
export function assertPublishable(domain: string, specs: readonly RecordSpec[]): void {
  const longestPrefix = Math.max(0, ...specs.map((s) => s.host.length - domain.length));
  const maxDomain = DNS_NAME_MAX - longestPrefix;
  for (const spec of specs) {
    const names = [spec.host, ...(spec.type === 'CNAME' ? [spec.value.replace(/\.$/, '')] : [])];
    for (const name of names) {
      const label = name.split('.').find((l) => l.length > DNS_LABEL_MAX);
      if (name.length <= DNS_NAME_MAX && label === undefined) continue;
      const reason =
        label !== undefined
          ? `its ${spec.purpose} record would need the label "${label}", ${label.length} characters long, over DNS's limit of ${DNS_LABEL_MAX}`
          : `its ${spec.purpose} record would be published at a name of ${name.length} characters, over DNS's limit of ${DNS_NAME_MAX}; ` +
            `with the records this service generates, a domain name may be at most ${maxDomain} characters long`;
      throw new DomainError('DOMAIN_INVALID', `Invalid domain name "${domain}": ${reason}`, { reason, maxLength: maxDomain });
    }
  }
}
