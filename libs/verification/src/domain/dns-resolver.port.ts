/** Record types the verification engine asks DNS for. */
export type DnsQueryType = 'CNAME' | 'TXT' | 'MX' | 'NS' | 'SOA';

/**
 * The outcome of one DNS query, reduced to what verification needs:
 * - `answers`: the name has records of that type; `values` holds them as text
 *   (CNAME/NS: target names without the trailing dot, case as served; TXT: the character-strings
 *   of one record joined with no separator, RFC 7208 §3.3; MX: `"<preference> <exchange>"`;
 *   SOA: `"<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>"`).
 * - `missing`: NXDOMAIN (the name does not exist) or NODATA (it exists, but has no record of this type).
 * - `error`: the question could not be answered (SERVFAIL, REFUSED, timeout, network...). An error
 *   says nothing about the customer's records and must never change a domain's state.
 */
export type DnsLookupResult =
  | { kind: 'answers'; values: string[] }
  | { kind: 'missing'; reason: 'NXDOMAIN' | 'NODATA' }
  | { kind: 'error'; code: string; message: string };

/** Port: resolves one name/type. Adapters: node:dns (production), in-memory fakes (unit tests). */
export abstract class DnsResolverPort {
  abstract lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult>;
}
