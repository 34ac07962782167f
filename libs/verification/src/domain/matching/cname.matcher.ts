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
import { displayName, dnsNamesEqual, normalizeDnsName } from './dns-names.js';
import type { ExpectedRecord } from './record-check.js';
import { type DiagnosisContext, firstDiagnosis, firstValueDiagnosis, onPrimaryValues, type RecordMatcher } from './record-matcher.js';

/**
 * Valid iff the CNAME chain at the host reaches the expected target: directly, or through
 * aliases (CNAMEs, DNAMEs) every receiver follows. Names compare exactly but for ASCII case and
 * the final dot.
 */
export function cnameAccepts(expected: ExpectedRecord, found: readonly string[]): boolean {
  return found.some((target) => dnsNamesEqual(target, expected.value));
}

const cnameNearMiss = firstValueDiagnosis([cnameStrayCharacters, cnameValueMissingZone, cnameTypo]);

/** Whether a name lies in our own zone (PROVIDER_DNS_ZONE), where DNS need not be asked what we publish. */
function inProviderZone(expected: ExpectedRecord, name: string): boolean {
  if (!expected.providerZone) return false;
  const zone = normalizeDnsName(expected.providerZone);
  const target = normalizeDnsName(name);
  return target === zone || target.endsWith(`.${zone}`);
}

/** Another account's name in our zone: `<32 hex>cm1._domainkey.<zone>`, `<32 hex>.<zone>`. */
const ACCOUNT_NAME = /^([0-9a-f]{32})(cm[12]\._domainkey)?$/;

/**
 * The chain reached our zone, at a name other than the one expected: what is there is ours, so it
 * is said without asking DNS (another account's records copied, or a name we publish nothing at).
 */
function intoProviderZone({ expected, primary }: DiagnosisContext): string | null {
  if (primary.kind !== 'answers') return null;
  const target = primary.chain[primary.chain.length - 1];
  if (!target || !inProviderZone(expected, target) || dnsNamesEqual(target, expected.value)) return null;
  const own = normalizeDnsName(target).slice(0, -normalizeDnsName(expected.providerZone!).length - 1);
  const other = ACCOUNT_NAME.exec(own);
  const expectedAccount = ACCOUNT_NAME.exec(normalizeDnsName(expected.value).slice(0, -normalizeDnsName(expected.providerZone!).length - 1))?.[1];
  if (other && expectedAccount && other[1] !== expectedAccount) {
    return `The CNAME at ${displayName(expected.host)} points to ${displayName(target)}, which belongs to another account: these records were copied from another domain's settings. Publish the ones shown for this domain: ${displayName(expected.value)}.`;
  }
  return `The CNAME at ${displayName(expected.host)} points to ${displayName(target)}, where we publish nothing; it must point to ${displayName(expected.value)}.`;
}

function mismatchSentence(expected: ExpectedRecord, found: readonly string[]): string {
  const via = found.length > 1 ? ` (through ${found.length - 1} alias${found.length > 2 ? 'es' : ''})` : '';
  return `The CNAME at ${displayName(expected.host)} points to ${chainText(found)}${via}, expected ${displayName(expected.value)}.`;
}

export const cnameMatcher: RecordMatcher<'CNAME'> = {
  type: 'CNAME',
  queryType: 'CNAME',
  // Follow the chain until it reaches our target, a target that is plainly the customer's typo of
  // it, or our own zone (what is published there is ours to say, and may not be asked of every DNS server).
  stopAt: (expected, domain, target) => dnsNamesEqual(target, expected.value) || inProviderZone(expected, target) || cnameNearMiss(expected, domain, [target]) !== null,
  match: (expected, primary) =>
    checkFromLookup(expected, primary, { found: (p) => p.chain, accepts: cnameAccepts, mismatchSentence }),
  probes: (expected, domain) => [
    ...zoneDoubledProbe(expected, domain, 'CNAME'),
    ...otherTypeProbe(expected, 'TXT'),
    ...cnameQuirkProbes(expected),
    ...placementProbes(expected, domain),
  ],
  diagnose: firstDiagnosis([
    intoProviderZone,
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
