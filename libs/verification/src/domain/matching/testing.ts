/** Test support for the matching engine (not exported from index.ts): example records and an in-memory DNS. */
import { DnsResolverPort, type DnsLookupResult, type DnsQueryType } from '../dns-resolver.port.js';
import { normalizeDnsName } from './dns-names.js';
import type { ExpectedRecord } from './record-check.js';
import type { DiagnosisContext, DnsAnswer, ProbeResult } from './record-matcher.js';

/** The example account `903e1cef-84b3-4500-a9a5-b2ca219f76f5` sending from example.com. */
export const ACCOUNT_HEX = '903e1cef84b34500a9a5b2ca219f76f5';
export const DOMAIN = 'example.com';
export const DKIM_HOST = `cm2${ACCOUNT_HEX}._domainkey.example.com`;
export const DKIM_TARGET = `${ACCOUNT_HEX}cm2._domainkey.email.cmtest.nl`; // as DNS serves it: no final dot
export const DKIM: ExpectedRecord = { host: DKIM_HOST, type: 'CNAME', value: `${DKIM_TARGET}.` };
export const OWNERSHIP: ExpectedRecord = { host: DOMAIN, type: 'TXT', value: `cm-verification=${ACCOUNT_HEX}` };
export const SPF: ExpectedRecord = { host: DOMAIN, type: 'TXT', value: 'v=spf1 include:spf.provider.net ~all' };
export const DMARC: ExpectedRecord = { host: `_dmarc.${DOMAIN}`, type: 'TXT', value: 'v=DMARC1; p=none' };

export const answers = (...values: string[]): DnsAnswer => ({ kind: 'answers', values, chain: [] });
/** A CNAME primary lookup as checkRecord hands it on: the chain of targets, ending at `chain`'s last. */
export const cnameChain = (...chain: string[]): DnsAnswer => ({ kind: 'answers', values: chain.slice(-1), chain });
export const NXDOMAIN: DnsAnswer = { kind: 'missing', reason: 'NXDOMAIN', chain: [] };
export const NODATA: DnsAnswer = { kind: 'missing', reason: 'NODATA', chain: [] };

/** A diagnosis context for unit tests of single diagnoses. */
export function context(
  expected: ExpectedRecord,
  primary: DnsAnswer,
  probes: readonly ProbeResult[] = [],
  domain = DOMAIN,
): DiagnosisContext {
  return { expected, domain, primary, probes };
}

export function probe(purpose: string, name: string, type: DnsQueryType, result: DnsAnswer): ProbeResult {
  return { probe: { purpose, name, type }, result };
}

/**
 * In-memory DNS behaving like a recursive resolver: names are case-insensitive, a non-CNAME
 * question at a name holding a CNAME follows it (the aliases in `chain`), a name with no record
 * of the asked type is NODATA when it or a name below it exists (empty non-terminal) and NXDOMAIN
 * otherwise. CNAME answers come without the final dot, as the port specifies. Every question is
 * logged in `queries`.
 */
export class InMemoryDnsResolver extends DnsResolverPort {
  readonly queries: { name: string; type: DnsQueryType }[] = [];
  private readonly records = new Map<string, Map<DnsQueryType, string[]>>();
  private readonly failures = new Map<string, DnsLookupResult | Error>();

  /** Adds records; returns this for chaining. */
  add(name: string, type: DnsQueryType, ...values: string[]): this {
    const key = normalizeDnsName(name);
    const byType = this.records.get(key) ?? new Map<DnsQueryType, string[]>();
    const stored = type === 'CNAME' ? values.map((v) => (v.endsWith('.') ? v.slice(0, -1) : v)) : values;
    byType.set(type, [...(byType.get(type) ?? []), ...stored]);
    this.records.set(key, byType);
    return this;
  }

  /** Makes questions for name/type fail with a DNS error (SERVFAIL by default). */
  fail(name: string, type: DnsQueryType, code = 'SERVFAIL'): this {
    this.failures.set(`${normalizeDnsName(name)}/${type}`, { kind: 'error', code, message: `query ${code}` });
    return this;
  }

  /** Makes questions for name/type reject (a misbehaving adapter). */
  throwOn(name: string, type: DnsQueryType, error: Error): this {
    this.failures.set(`${normalizeDnsName(name)}/${type}`, error);
    return this;
  }

  override async lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult> {
    this.queries.push({ name, type });
    const chain: string[] = [];
    let current = normalizeDnsName(name);
    for (let depth = 0; depth < 16; depth++) {
      const failure = this.failures.get(`${current}/${type}`);
      if (failure instanceof Error) throw failure;
      if (failure !== undefined) return failure;
      const byType = this.records.get(current);
      const values = byType?.get(type);
      if (values !== undefined) return { kind: 'answers', values: [...values], chain };
      const cname = byType?.get('CNAME');
      if (type === 'CNAME' || cname === undefined) {
        const exists = byType !== undefined || [...this.records.keys()].some((n) => n.endsWith(`.${current}`));
        return { kind: 'missing', reason: exists ? 'NODATA' : 'NXDOMAIN', chain };
      }
      chain.push(cname[0]!);
      current = normalizeDnsName(cname[0]!);
    }
    return { kind: 'missing', reason: 'NODATA', chain }; // a loop: a resolver gives up
  }
}
