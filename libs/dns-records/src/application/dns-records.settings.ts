/** Settings of the record profiles, provided by the composition root. */
export abstract class DnsRecordsSettings {
  /** zone the built-in CNAMEs point into (PROVIDER_DNS_ZONE) */
  abstract readonly providerZone: string;
}
