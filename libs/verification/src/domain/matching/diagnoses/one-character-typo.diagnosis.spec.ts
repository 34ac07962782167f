import { DKIM, DKIM_HOST, DKIM_TARGET, DOMAIN, OWNERSHIP, SPF } from '../testing.js';
import { cnameTypo, txtTypo } from './one-character-typo.diagnosis.js';

describe('cnameTypo', () => {
  const diagnose = (...found: string[]) => cnameTypo(DKIM, DOMAIN, found);

  it('points at a substituted character', () => {
    const found = DKIM_TARGET.replace('84b3', '84b8');
    expect(diagnose(found)).toBe(
      `The CNAME at ${DKIM_HOST} points to ${found}, which has one wrong character: character 12 is "8" but should be "3". Change the value to "${DKIM.value}".`,
    );
  });

  it('points at an inserted, a deleted and swapped characters', () => {
    expect(diagnose(DKIM_TARGET.replace('4500', '45000'))).toMatch(/which has one extra character: "0" at position 17\./);
    expect(diagnose(DKIM_TARGET.replace('a9a5', 'a95'))).toMatch(/which is missing one character: "a" at position 19\./);
    expect(diagnose(DKIM_TARGET.replace('84b3', '8b43'))).toMatch(/two characters swapped at positions 10 and 11: "b4" should be "4b"\./);
    expect(diagnose(DKIM_TARGET.replace('_domainkey', '_domainkye'))).toMatch(/swapped at positions 45 and 46: "ye" should be "ey"/);
  });

  it('compares case-insensitively and ignores the final dot', () => {
    expect(diagnose(`${DKIM_TARGET.toUpperCase()}.`)).toBeNull();
    expect(diagnose(`${DKIM_TARGET.replace('84b3', '84B8').toUpperCase()}.`)).toMatch(/character 12 is "8" but should be "3"/);
  });

  it('returns null for the right value and for values two edits away', () => {
    expect(diagnose(DKIM_TARGET)).toBeNull();
    expect(diagnose(DKIM_TARGET.replace('84b3', '85c3'))).toBeNull();
  });
});

describe('txtTypo', () => {
  it('points at the differing character, case-sensitively', () => {
    const found = OWNERSHIP.value.replace('cef8', 'cEf8');
    expect(txtTypo(OWNERSHIP, DOMAIN, ['unrelated', found])).toBe(
      `The TXT record at example.com is "${found}", which has one wrong character: character 23 is "E" but should be "e". Change the value to "${OWNERSHIP.value}".`,
    );
  });

  it('ignores surrounding and repeated whitespace, which does not count as a typo', () => {
    expect(txtTypo(SPF, DOMAIN, ['  v=spf1  include:spf.provider.net ~all '])).toBeNull();
    expect(txtTypo(SPF, DOMAIN, ['v=spf1 include:spf.provider.net ~al'])).toBe(
      `The TXT record at example.com is "v=spf1 include:spf.provider.net ~al", which is missing one character: "l" at position 36. Change the value to "${SPF.value}".`,
    );
  });

  it('returns null when no record is one edit away', () => {
    expect(txtTypo(OWNERSHIP, DOMAIN, ['v=spf1 -all'])).toBeNull();
  });
});
