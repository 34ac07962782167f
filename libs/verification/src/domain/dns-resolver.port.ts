/** Record types the verification engine asks DNS for. */
export type DnsQueryType = 'CNAME' | 'TXT' | 'MX' | 'NS' | 'SOA' | 'A' | 'AAAA' | 'PTR';

/** Where a referral sent us: the delegated zone and its name servers, as served. */
export interface DnsDelegation {
  readonly zone: string;
  readonly servers: readonly string[];
}

/**
 * The outcome of one DNS question, reduced to what verification needs. Names are as served:
 * never lower-cased, trimmed or unquoted, without the trailing dot.
 * - `answers`: records of the asked type. `values` holds them as text (CNAME/NS: target names;
 *   TXT: the character-strings of one record joined with no separator, RFC 7208 §3.3; MX:
 *   `"<preference> <exchange>"`; PTR: the names; SOA: `"<mname> <rname> <serial> <refresh> <retry> <expire>
 *   <minimum>"`; A/AAAA: addresses). `chain` lists the aliases (CNAME, or CNAME synthesised from
 *   a DNAME) the answer went through before reaching them, in order. For TXT, `chunks` keeps each
 *   record's character-strings apart (where a value was split, to tell a wrong split).
 * - `alias`: the name is an alias (`chain`, in order) and the answer stops there, without the
 *   records of the last name: an authoritative server that does not hold that name. Ask again at
 *   the last name of the chain.
 * - `missing`: NXDOMAIN (the name does not exist) or NODATA (it exists, without a record of this
 *   type), said by a server authoritative for it or by a recursive resolver; at the end of
 *   `chain` when the name is an alias.
 * - `error`: nothing is known (SERVFAIL, REFUSED, a timeout, a referral to another server, a
 *   non-authoritative empty answer from a server that does not recurse). An error says nothing
 *   about the customer's records and must never change a domain's state.
 */
export type DnsLookupResult =
  | { kind: 'answers'; values: string[]; chain: string[]; chunks?: string[][] }
  | { kind: 'alias'; chain: string[] }
  | { kind: 'missing'; reason: 'NXDOMAIN' | 'NODATA'; chain: string[] }
  | { kind: 'error'; code: string; message: string; delegation?: DnsDelegation };

/** Port: asks one question. Adapters: DNS over UDP/TCP (production), in-memory fakes (unit tests). */
export abstract class DnsResolverPort {
  abstract lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult>;
}
