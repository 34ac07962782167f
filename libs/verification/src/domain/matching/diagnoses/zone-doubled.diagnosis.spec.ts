import { cnameAccepts, cnameMatcher } from '../cname.matcher.js';
import type { Diagnosis } from '../record-matcher.js';
import { answers, context, DKIM, DKIM_HOST, DKIM_TARGET, DOMAIN, NODATA, NXDOMAIN, OWNERSHIP, probe, SPF } from '../testing.js';
import { txtAccepts } from '../txt.matcher.js';
import { zoneDoubled, zoneDoubledProbe } from './zone-doubled.diagnosis.js';

const DOUBLED = `${DKIM_HOST}.example.com`;
const neverNear = () => null;
const cnameDoubled: Diagnosis = zoneDoubled({ accepts: cnameAccepts, nearMiss: neverNear });

describe('zoneDoubledProbe', () => {
  it('asks for the expected type at <host>.<domain>, normalized', () => {
    expect(zoneDoubledProbe({ ...DKIM, host: `${DKIM_HOST.toUpperCase()}.` }, 'Example.com.', 'CNAME')).toEqual([
      { purpose: 'zone-doubled', name: DOUBLED, type: 'CNAME' },
    ]);
    expect(zoneDoubledProbe(SPF, DOMAIN, 'TXT')).toEqual([{ purpose: 'zone-doubled', name: 'example.com.example.com', type: 'TXT' }]);
  });

  it('asks nothing for a host outside the domain', () => {
    expect(zoneDoubledProbe(DKIM, 'example.org', 'CNAME')).toEqual([]);
  });
});

describe('zoneDoubled', () => {
  it('finds the expected CNAME at the doubled name and says what to enter as the name', () => {
    const probes = [probe('zone-doubled', DOUBLED, 'CNAME', answers(DKIM_TARGET))];
    expect(cnameDoubled(context(DKIM, NXDOMAIN, probes))).toBe(
      `The CNAME record was published at ${DOUBLED} instead of ${DKIM_HOST}, because your DNS provider adds "example.com" to the name automatically. Change the name to just "cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey".`,
    );
  });

  it('says "@" for a record at the zone apex', () => {
    const diagnose = zoneDoubled({ accepts: txtAccepts, nearMiss: neverNear });
    const probes = [probe('zone-doubled', 'example.com.example.com', 'TXT', answers(OWNERSHIP.value))];
    expect(diagnose(context(OWNERSHIP, NODATA, probes))).toBe(
      'The TXT record was published at example.com.example.com instead of example.com, because your DNS provider adds "example.com" to the name automatically. Change the name to just "@" (or leave it empty).',
    );
  });

  it('also reports a near-miss value at the doubled name, asking for both fixes', () => {
    const probes = [probe('zone-doubled', DOUBLED, 'CNAME', answers(DKIM_TARGET.replace('a9a5', 'a95')))];
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, probes))).toBe(
      `A CNAME record was published at ${DOUBLED} instead of ${DKIM_HOST}, because your DNS provider adds "example.com" to the name automatically, and its value is also wrong. Change the name to just "cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey" and the value to "${DKIM.value}".`,
    );
  });

  it('ignores an unrelated value at the doubled name (e.g. a wildcard record)', () => {
    const probes = [probe('zone-doubled', DOUBLED, 'CNAME', answers('catch-all.hosting.example'))];
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, probes))).toBeNull();
  });

  it('returns null when the doubled name has no record, or no probe ran', () => {
    expect(cnameDoubled(context(DKIM, NXDOMAIN, [probe('zone-doubled', DOUBLED, 'CNAME', NXDOMAIN)]))).toBeNull();
    expect(cnameDoubled(context(DKIM, NXDOMAIN))).toBeNull();
  });

  it('ignores probes of other purposes', () => {
    expect(cnameDoubled(context(DKIM, NXDOMAIN, [probe('other-type', DOUBLED, 'CNAME', answers(DKIM_TARGET))]))).toBeNull();
  });
});
