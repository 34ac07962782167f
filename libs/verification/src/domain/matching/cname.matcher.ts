import { chainText, checkFromLookup } from './check-sentences.js';
import {
  cnameFlattened,
  cnameProxied,
  cnameQuirkProbes,
  delegatedAway,
  placementProbes,
  subdomainOwnZone,
  underscoreDropped,
  wildcardCatchesHost,
} from './diagnoses/dns-host-quirks.diagnosis.js';
import { cnameTypo } from './diagnoses/one-character-typo.diagnosis.js';
import { cnameStrayCharacters } from './diagnoses/stray-characters.diagnosis.js';
import { cnameValueMissingZone } from './diagnoses/value-missing-zone.diagnosis.js';
import { cnamePublishedAsTxt, otherTypeProbe } from './diagnoses/wrong-record-type.diagnosis.js';
import { zoneDoubled, zoneDoubledProbe } from './diagnoses/zone-doubled.diagnosis.js';
import { displayName, dnsNamesEqual } from './dns-names.js';
import type { ExpectedRecord } from './record-check.js';
import { firstDiagnosis, firstValueDiagnosis, onPrimaryValues, type RecordMatcher } from './record-matcher.js';

/**
 * Valid iff the CNAME chain at the host reaches the expected target: directly, or through
 * aliases (CNAMEs, DNAMEs) every receiver follows. Names compare exactly but for ASCII case and
 * the final dot.
 */
export function cnameAccepts(expected: ExpectedRecord, found: readonly string[]): boolean {
  return found.some((target) => dnsNamesEqual(target, expected.value));
}

const cnameNearMiss = firstValueDiagnosis([cnameStrayCharacters, cnameValueMissingZone, cnameTypo]);

function mismatchSentence(expected: ExpectedRecord, found: readonly string[]): string {
  const via = found.length > 1 ? ` (through ${found.length - 1} alias${found.length > 2 ? 'es' : ''})` : '';
  return `The CNAME at ${displayName(expected.host)} points to ${chainText(found)}${via}, expected ${displayName(expected.value)}.`;
}

export const cnameMatcher: RecordMatcher<'CNAME'> = {
  type: 'CNAME',
  queryType: 'CNAME',
  // Follow the chain until it reaches our target, or a target that is plainly the customer's typo of it.
  stopAt: (expected, domain, target) => dnsNamesEqual(target, expected.value) || cnameNearMiss(expected, domain, [target]) !== null,
  match: (expected, primary) =>
    checkFromLookup(expected, primary, { found: (p) => p.chain, accepts: cnameAccepts, mismatchSentence }),
  probes: (expected, domain) => [
    ...zoneDoubledProbe(expected, domain, 'CNAME'),
    ...otherTypeProbe(expected, 'TXT'),
    ...cnameQuirkProbes(expected),
    ...placementProbes(expected, domain),
  ],
  diagnose: firstDiagnosis([
    onPrimaryValues(cnameNearMiss),
    wildcardCatchesHost,
    cnameFlattened,
    cnameProxied,
    cnamePublishedAsTxt,
    zoneDoubled({ accepts: cnameAccepts, nearMiss: cnameNearMiss }),
    underscoreDropped(cnameAccepts, cnameNearMiss),
    delegatedAway,
    subdomainOwnZone,
  ]),
};
