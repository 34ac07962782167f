import { displayName, normalizeDnsName, relativeName } from '../dns-names.js';
import type { ExpectedRecord } from '../record-check.js';
import type { Diagnosis, Probe, ValueDiagnosis } from '../record-matcher.js';

/**
 * Zone name doubled: the customer typed the full name (`cm2…._domainkey.example.com`) into a DNS
 * host that appends the zone, so the record lives at `cm2…._domainkey.example.com.example.com`.
 */
export function zoneDoubledProbe(expected: ExpectedRecord, domain: string, type: Probe['type']): Probe[] {
  const host = normalizeDnsName(expected.host);
  const zone = normalizeDnsName(domain);
  if (host !== zone && !host.endsWith(`.${zone}`)) return []; // not in the customer's zone
  return [{ purpose: 'zone-doubled', name: `${host}.${zone}`, type }];
}

export interface ZoneDoubledRules {
  /** True when the values satisfy the expected record. */
  accepts(expected: ExpectedRecord, found: readonly string[]): boolean;
  /** Recognises a wrong-but-close value (typo, missing zone...), proof the record is the customer's
   *  attempt rather than, say, a wildcard record that also answers for the doubled name. */
  nearMiss: ValueDiagnosis;
}

export function zoneDoubled(rules: ZoneDoubledRules): Diagnosis {
  return ({ expected, domain, probes }) => {
    for (const { probe, result } of probes) {
      if (probe.purpose !== 'zone-doubled' || result.kind !== 'answers' || result.values.length === 0) continue;
      const relative = relativeName(expected.host, domain);
      const name = relative === '@' ? '"@" (or leave it empty)' : `"${relative}"`;
      const where = `published at ${probe.name} instead of ${displayName(expected.host)}, because your DNS provider adds "${domain}" to the name automatically`;
      if (rules.accepts(expected, result.values)) {
        return `The ${expected.type} record was ${where}. Change the name to just ${name}.`;
      }
      if (rules.nearMiss(expected, domain, result.values) !== null) {
        return `A ${expected.type} record was ${where}, and its value is also wrong. Change the name to just ${name} and the value to "${expected.value}".`;
      }
    }
    return null;
  };
}
