import type { DnsResolverPort } from '../dns-resolver.port.js';
import { normalizeDnsName } from './dns-names.js';
import { follow } from './follow.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import type { ProbeResult, RecordMatcher } from './record-matcher.js';

/**
 * A record checked by a matcher: the primary lookup (expected host and type, its aliases followed)
 * decides the status. Only when it is `missing` or `mismatch` are the matcher's probes looked up,
 * all at once, and the matcher asked for a specific diagnosis, which replaces the generic one.
 * Probes that fail with a DNS error are left out of the diagnosis.
 */
export async function runMatcher(matcher: RecordMatcher, expected: ExpectedRecord, zone: string, dns: DnsResolverPort): Promise<RecordCheck> {
  const primary = await follow(dns, normalizeDnsName(expected.host), matcher.queryType, (target) => matcher.stopAt?.(expected, zone, target) ?? false);
  const check = matcher.match(expected, primary);
  if (check.status === 'valid' || check.status === 'error' || primary.kind === 'error') return check;

  const results = await Promise.all(
    // a probe's CNAME is read, not followed: its first target is all a diagnosis compares
    matcher.probes(expected, zone).map(async (probe) => ({ probe, result: await follow(dns, probe.name, probe.type, () => true) })),
  );
  const probes = results.filter((r): r is ProbeResult => r.result.kind !== 'error');
  const diagnosis = matcher.diagnose({ expected, domain: zone, primary, probes });
  return diagnosis === null ? check : { ...check, diagnosis };
}
