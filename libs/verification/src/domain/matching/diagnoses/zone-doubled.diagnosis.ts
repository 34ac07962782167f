import { displayName, normalizeDnsName, parentZones, relativeName } from '../dns-names.js';
import type { ExpectedRecord } from '../record-check.js';
import type { Diagnosis, Probe, ValueDiagnosis } from '../record-matcher.js';

/**
 * Zone name doubled: the customer typed the full name (`cm2…._domainkey.example.com`) into a DNS
 * host that appends the zone, so the record lives at `cm2…._domainkey.example.com.example.com`.
 * For a subdomain registration the zone appended may be a parent's (`….sub.example.com.example.com`):
 * the full name was typed into the parent zone's settings.
 */
export function zoneDoubledProbe(expected: ExpectedRecord, domain: string, type: Probe['type']): Probe[] {
  const host = normalizeDnsName(expected.host);
  const zone = normalizeDnsName(domain);
  if (host !== zone && !host.endsWith(`.${zone}`)) return []; // not in the customer's zone
  return [zone, ...parentZones(zone)].map((appended) => ({ purpose: 'zone-doubled', name: `${host}.${appended}`, type }));
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
    const host = normalizeDnsName(expected.host);
    for (const { probe, result } of probes) {
      if (probe.purpose !== 'zone-doubled' || result.kind !== 'answers' || result.values.length === 0) continue;
      const appended = probe.name.slice(host.length + 1);
      const relative = relativeName(expected.host, appended);
      const name = relative === '@' ? '"@" (or leave it empty)' : `"${relative}"`;
      const where =
        appended === domain
          ? `published at ${probe.name} instead of ${displayName(expected.host)}, because your DNS provider adds "${domain}" to the name automatically`
          : `published at ${probe.name} instead of ${displayName(expected.host)}: the full name was entered in the DNS settings of ${appended}, which add "${appended}" to it`;
      const there = appended === domain ? '' : ` in the settings of ${appended}`;
      if (rules.accepts(expected, result.values)) {
        return `The ${expected.type} record was ${where}. Change the name to just ${name}${there}.`;
      }
      if (rules.nearMiss(expected, domain, result.values) !== null) {
        return `A ${expected.type} record was ${where}, and its value is also wrong. Change the name to just ${name}${there} and the value to "${expected.value}".`;
      }
    }
    return null;
  };
}
