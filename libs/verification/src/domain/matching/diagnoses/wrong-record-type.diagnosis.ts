import { displayName, dnsNamesEqual, normalizeDnsName } from '../dns-names.js';
import type { ExpectedRecord } from '../record-check.js';
import { probeValues, type Diagnosis, type Probe } from '../record-matcher.js';
import { normalizeTxt } from '../txt-values.js';

/** Looks up the expected host with the type customers confuse the expected one with. */
export function otherTypeProbe(expected: ExpectedRecord, type: Probe['type']): Probe[] {
  return [{ purpose: 'other-type', name: normalizeDnsName(expected.host), type }];
}

/** A CNAME published as TXT: the TXT record at the host holds the CNAME target. */
export const cnamePublishedAsTxt: Diagnosis = (context) => {
  const { expected } = context;
  const host = displayName(expected.host);
  const asTxt = probeValues(context, 'other-type').some((txt) => dnsNamesEqual(normalizeTxt(txt), expected.value));
  if (!asTxt) return null;
  return `The value "${expected.value}" was published at ${host} as a TXT record, but it must be a CNAME record. Delete the TXT record and create a CNAME record at ${host} with the value "${expected.value}".`;
};

/**
 * A TXT published as CNAME: a CNAME at the host whose target is the TXT value (possibly with the
 * zone appended by the DNS host). Any other CNAME at the host also explains the failure: a name
 * with a CNAME has no other records, and TXT lookups follow it to the target.
 */
export const txtPublishedAsCname: Diagnosis = (context) => {
  const { expected, domain } = context;
  const host = displayName(expected.host);
  const targets = probeValues(context, 'other-type');
  if (targets.length === 0) return null;
  const value = normalizeTxt(expected.value);
  const fix = `Delete the CNAME record and create a TXT record at ${host} with the value "${expected.value}".`;
  if (targets.some((t) => dnsNamesEqual(t, value) || dnsNamesEqual(t, `${value}.${domain}`))) {
    return `The value "${expected.value}" was published at ${host} as a CNAME record, but it must be a TXT record. ${fix}`;
  }
  return `${host} has a CNAME record pointing to ${targets.join(', ')}, so it cannot also have the TXT record. ${fix}`;
};
