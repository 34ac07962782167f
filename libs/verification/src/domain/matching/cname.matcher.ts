import { checkFromLookup } from './check-sentences.js';
import { cnameValueMissingZone } from './diagnoses/value-missing-zone.diagnosis.js';
import { cnameTypo } from './diagnoses/one-character-typo.diagnosis.js';
import { cnamePublishedAsTxt, otherTypeProbe } from './diagnoses/wrong-record-type.diagnosis.js';
import { zoneDoubled, zoneDoubledProbe } from './diagnoses/zone-doubled.diagnosis.js';
import { displayName, dnsNamesEqual } from './dns-names.js';
import type { ExpectedRecord } from './record-check.js';
import { firstDiagnosis, firstValueDiagnosis, onPrimaryValues, type RecordMatcher } from './record-matcher.js';

/** Valid iff any CNAME target equals the expected one, ignoring ASCII case and the final dot. */
export function cnameAccepts(expected: ExpectedRecord, found: readonly string[]): boolean {
  return found.some((target) => dnsNamesEqual(target, expected.value));
}

const cnameNearMiss = firstValueDiagnosis([cnameValueMissingZone, cnameTypo]);

export const cnameMatcher: RecordMatcher<'CNAME'> = {
  type: 'CNAME',
  queryType: 'CNAME',
  match: (expected, primary) =>
    checkFromLookup(expected, primary, {
      accepts: cnameAccepts,
      mismatchSentence: (e, found) =>
        `The CNAME at ${displayName(e.host)} points to ${found.map(displayName).join(', ')}, expected ${displayName(e.value)}.`,
    }),
  probes: (expected, domain) => [...zoneDoubledProbe(expected, domain, 'CNAME'), ...otherTypeProbe(expected, 'TXT')],
  diagnose: firstDiagnosis([
    onPrimaryValues(cnameNearMiss),
    cnamePublishedAsTxt,
    zoneDoubled({ accepts: cnameAccepts, nearMiss: cnameNearMiss }),
  ]),
};
