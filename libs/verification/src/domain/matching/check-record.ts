import type { DnsLookupResult, DnsQueryType, DnsResolverPort } from '../dns-resolver.port.js';
import { normalizeDnsName } from './dns-names.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import type { ProbeResult, RecordMatcher } from './record-matcher.js';
import { RECORD_MATCHERS } from './record-matchers.js';

/** A resolver that throws instead of returning `error` is still an error, never a missing record. */
async function lookup(dns: DnsResolverPort, name: string, type: DnsQueryType): Promise<DnsLookupResult> {
  try {
    return await dns.lookup(name, type);
  } catch (cause: unknown) {
    const code =
      typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
        ? cause.code
        : 'LOOKUP_FAILED';
    return { kind: 'error', code, message: cause instanceof Error ? cause.message : String(cause) };
  }
}

/**
 * Checks one expected record in DNS: the primary lookup (expected host and type) decides the
 * status. Only when it is `missing` or `mismatch` does it look up the matcher's probes, all at
 * once, and ask the matcher for a specific diagnosis, which replaces the generic one. Probes that
 * fail with a DNS error are left out of the diagnosis.
 */
export async function checkRecord(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
  const matcher: RecordMatcher = RECORD_MATCHERS[expected.type];
  if (matcher === undefined) throw new Error(`No matcher for record type ${String(expected.type)}`);

  const primary = await lookup(dns, normalizeDnsName(expected.host), matcher.queryType);
  const check = matcher.match(expected, primary);
  if (check.status === 'valid' || check.status === 'error' || primary.kind === 'error') return check;

  const zone = normalizeDnsName(domain);
  const results = await Promise.all(
    matcher.probes(expected, zone).map(async (probe) => ({ probe, result: await lookup(dns, probe.name, probe.type) })),
  );
  const probes = results.filter((r): r is ProbeResult => r.result.kind !== 'error');
  const diagnosis = matcher.diagnose({ expected, domain: zone, primary, probes });
  return diagnosis === null ? check : { ...check, diagnosis };
}
