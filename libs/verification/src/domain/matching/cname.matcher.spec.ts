import { cnameAccepts, cnameMatcher } from './cname.matcher.js';
import { ACCOUNT_HEX, answers, context, DKIM, DKIM_HOST, DKIM_TARGET, DOMAIN, NODATA, NXDOMAIN, probe } from './testing.js';

describe('cnameMatcher.match', () => {
  it('is valid when the target equals the expected value, ignoring case and the final dot', () => {
    for (const target of [DKIM_TARGET, `${DKIM_TARGET}.`, DKIM_TARGET.toUpperCase()]) {
      expect(cnameMatcher.match(DKIM, answers(target))).toEqual({ status: 'valid', found: [target], diagnosis: null });
    }
  });

  it('is valid when any of several answers matches', () => {
    expect(cnameAccepts(DKIM, ['other.example.net', DKIM_TARGET])).toBe(true);
  });

  it('is a mismatch, with the found targets, for another target', () => {
    expect(cnameMatcher.match(DKIM, answers('dkim.other-provider.net'))).toEqual({
      status: 'mismatch',
      found: ['dkim.other-provider.net'],
      diagnosis: `The CNAME at ${DKIM_HOST} points to dkim.other-provider.net, expected ${DKIM_TARGET}.`,
    });
  });

  it('does not accept a target that only contains the expected one', () => {
    expect(cnameAccepts(DKIM, [`${DKIM_TARGET}.example.com`])).toBe(false);
    expect(cnameAccepts(DKIM, [`x${DKIM_TARGET}`])).toBe(false);
  });

  it('is missing for NXDOMAIN, NODATA and an empty answer', () => {
    const missing = { status: 'missing', found: [], diagnosis: `No CNAME record found at ${DKIM_HOST}.` };
    expect(cnameMatcher.match(DKIM, NXDOMAIN)).toEqual(missing);
    expect(cnameMatcher.match(DKIM, NODATA)).toEqual(missing);
    expect(cnameMatcher.match(DKIM, answers())).toEqual(missing);
  });

  it('is an error, with nothing found, when DNS could not be queried', () => {
    expect(cnameMatcher.match(DKIM, { kind: 'error', code: 'SERVFAIL', message: 'server failure' })).toEqual({
      status: 'error',
      found: [],
      diagnosis: `DNS could not be queried for the CNAME record at ${DKIM_HOST} (SERVFAIL). The check will be retried automatically.`,
    });
  });
});

describe('cnameMatcher.probes', () => {
  it('looks for the record at the doubled name and for a TXT record at the host', () => {
    expect(cnameMatcher.probes(DKIM, DOMAIN)).toEqual([
      { purpose: 'zone-doubled', name: `${DKIM_HOST}.example.com`, type: 'CNAME' },
      { purpose: 'other-type', name: DKIM_HOST, type: 'TXT' },
    ]);
  });

  it('skips the doubled name when the host is outside the domain', () => {
    expect(cnameMatcher.probes(DKIM, 'other.org').map((p) => p.purpose)).toEqual(['other-type']);
  });
});

describe('cnameMatcher.diagnose', () => {
  it('returns null when no diagnosis applies', () => {
    expect(cnameMatcher.diagnose(context(DKIM, answers('dkim.other-provider.net')))).toBeNull();
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, [probe('other-type', DKIM_HOST, 'TXT', answers('unrelated'))]))).toBeNull();
  });

  it('explains a value missing its zone', () => {
    expect(cnameMatcher.diagnose(context(DKIM, answers(`${ACCOUNT_HEX}cm2._domainkey`)))).toMatch(/missing the end of the value/);
  });

  it('explains a one-character typo', () => {
    expect(cnameMatcher.diagnose(context(DKIM, answers(DKIM_TARGET.replace('84b3', '84b8'))))).toMatch(/one wrong character/);
  });

  it('explains a CNAME published as TXT', () => {
    const probes = [probe('other-type', DKIM_HOST, 'TXT', answers(DKIM.value))];
    expect(cnameMatcher.diagnose(context(DKIM, NODATA, probes))).toMatch(/must be a CNAME record/);
  });

  it('explains a doubled zone name', () => {
    const probes = [probe('zone-doubled', `${DKIM_HOST}.example.com`, 'CNAME', answers(DKIM_TARGET))];
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, probes))).toMatch(/Change the name to just/);
  });
});
