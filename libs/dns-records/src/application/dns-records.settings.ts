import type { ProviderHosts } from '../domain/record-profile.js';

/** Settings of the record profiles, provided by the composition root. */
export abstract class DnsRecordsSettings {
  /** the provider's hosts records point to (PROVIDER_DNS_ZONE, PROVIDER_SPF_INCLUDE, PROVIDER_TRACKING_HOST, PROVIDER_INBOUND_MX) */
  abstract readonly provider: ProviderHosts;
}
