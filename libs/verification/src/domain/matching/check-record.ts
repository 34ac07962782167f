import type { DnsResolverPort } from '../dns-resolver.port.js';
import { normalizeDnsName } from './dns-names.js';
import { follow } from './follow.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import type { ProbeResult, RecordMatcher } from './record-matcher.js';
import { RECORD_CHECKERS, RECORD_MATCHERS } from './record-matchers.js';

/**
 * Checks one expected record in DNS with the checker of its purpose. An evaluator (SPF, DMARC,
 * MX) asks what it needs itself. For a matcher, the primary lookup (expected host and type, its aliases
 * followed) decides the status. Only when it is `missing` or `mismatch` does it look up the
 * matcher's probes, all at once, and ask the matcher for a specific diagnosis, which replaces the
 * generic one. Probes that fail with a DNS error are left out of the diagnosis.
 */
export async function checkRecord(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
  const zone = normalizeDnsName(domain);
  const checker = expected.purpose ? RECORD_CHECKERS[expected.purpose] : RECORD_MATCHERS[expected.type as 'CNAME' | 'TXT'];
  if (checker === undefined) throw new Error(`No checker for a ${String(expected.purpose ?? expected.type)} record`);
  if ('evaluate' in checker) return checker.evaluate(expected, zone, dns);
  const matcher: RecordMatcher = checker;

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
