import type { DnsResolverPort } from '../dns-resolver.port.js';
import { normalizeDnsName } from './dns-names.js';
import type { ExpectedRecord, RecordCheck } from './record-check.js';
import { RECORD_CHECKERS, RECORD_MATCHERS } from './record-matchers.js';
import { runMatcher } from './run-matcher.js';

/**
 * Checks one expected record in DNS with the checker of its purpose. An evaluator (SPF, DMARC,
 * MX) asks what it needs itself; a matcher is run by runMatcher.
 */
export async function checkRecord(expected: ExpectedRecord, domain: string, dns: DnsResolverPort): Promise<RecordCheck> {
  const zone = normalizeDnsName(domain);
  const checker = expected.purpose ? RECORD_CHECKERS[expected.purpose] : RECORD_MATCHERS[expected.type as 'CNAME' | 'TXT'];
  if (checker === undefined) throw new Error(`No checker for a ${String(expected.purpose ?? expected.type)} record`);
  if ('evaluate' in checker) return checker.evaluate(expected, zone, dns);
  return runMatcher(checker, expected, zone, dns);
}
