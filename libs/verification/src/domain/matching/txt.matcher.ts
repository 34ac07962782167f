import { checkFromLookup } from './check-sentences.js';
import { delegatedAway, placementProbes, subdomainOwnZone, underscoreDropped } from './diagnoses/dns-host-quirks.diagnosis.js';
import { duplicateSpf, duplicateSpfSentence } from './diagnoses/duplicate-spf.diagnosis.js';
import { apexProbe, txtAtApex, txtSplitWrongly } from './diagnoses/txt-placement.diagnosis.js';
import { txtTypo } from './diagnoses/one-character-typo.diagnosis.js';
import { txtCaseDiffers, txtQuoted } from './diagnoses/txt-formatting.diagnosis.js';
import { otherTypeProbe, txtPublishedAsCname } from './diagnoses/wrong-record-type.diagnosis.js';
import { zoneDoubled, zoneDoubledProbe } from './diagnoses/zone-doubled.diagnosis.js';
import { displayName } from './dns-names.js';
import type { ExpectedRecord } from './record-check.js';
import { firstDiagnosis, firstValueDiagnosis, onPrimaryValues, type RecordMatcher } from './record-matcher.js';
import { txtRecordContains } from './txt-values.js';

/**
 * Valid iff any TXT record contains the expected value (see `txtRecordContains`: case-sensitive,
 * whitespace trimmed and collapsed, as a whole unit), and, when the expected value is an SPF
 * record, the name has exactly one SPF record (RFC 7208 §4.5).
 */
export function txtAccepts(expected: ExpectedRecord, found: readonly string[]): boolean {
  return duplicateSpfSentence(expected, found) === null && found.some((record) => txtRecordContains(record, expected.value));
}

function txtMismatchSentence(expected: ExpectedRecord, found: readonly string[]): string {
  const spf = duplicateSpfSentence(expected, found);
  if (spf !== null) return spf;
  const host = displayName(expected.host);
  if (found.length === 1) return `The TXT record at ${host} is "${found[0]}", expected "${expected.value}".`;
  return `None of the ${found.length} TXT records at ${host} contains "${expected.value}"; found ${found.map((r) => `"${r}"`).join(', ')}.`;
}

const txtNearMiss = firstValueDiagnosis([txtQuoted, txtCaseDiffers, txtTypo]);

export const txtMatcher: RecordMatcher<'TXT'> = {
  type: 'TXT',
  queryType: 'TXT',
  match: (expected, primary) =>
    checkFromLookup(expected, primary, { found: (p) => p.values, accepts: txtAccepts, mismatchSentence: txtMismatchSentence }),
  probes: (expected, domain) => [
    ...zoneDoubledProbe(expected, domain, 'TXT'),
    ...otherTypeProbe(expected, 'CNAME'),
    ...apexProbe(expected, domain),
    ...placementProbes(expected, domain),
  ],
  diagnose: firstDiagnosis([
    txtPublishedAsCname,
    txtSplitWrongly,
    onPrimaryValues(duplicateSpf),
    onPrimaryValues(txtNearMiss),
    zoneDoubled({ accepts: txtAccepts, nearMiss: txtNearMiss }),
    txtAtApex,
    underscoreDropped(txtAccepts, txtNearMiss),
    delegatedAway,
    subdomainOwnZone,
  ]),
};
