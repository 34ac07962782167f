import { answers, context, DMARC, DOMAIN, NODATA, NXDOMAIN, OWNERSHIP, probe, SPF } from './testing.js';
import { txtAccepts, txtMatcher } from './txt.matcher.js';

describe('txtMatcher.match', () => {
  it('is valid when a record equals the value, whitespace trimmed', () => {
    expect(txtMatcher.match(OWNERSHIP, answers(` ${OWNERSHIP.value} `))).toEqual({
      status: 'valid',
      found: [` ${OWNERSHIP.value} `],
      diagnosis: null,
    });
  });

  it('is valid when one of the records at the name contains the value', () => {
    const found = ['google-site-verification=abc', `other=1 ${OWNERSHIP.value}`];
    expect(txtMatcher.match(OWNERSHIP, answers(...found)).status).toBe('valid');
    expect(txtMatcher.match(DMARC, answers('v=DMARC1; p=none; rua=mailto:dmarc@example.com')).status).toBe('valid');
  });

  it('is case-sensitive', () => {
    expect(txtAccepts(OWNERSHIP, [OWNERSHIP.value.toUpperCase()])).toBe(false);
  });

  it('is a mismatch naming the one record found', () => {
    expect(txtMatcher.match(OWNERSHIP, answers('cm-verification=other'))).toEqual({
      status: 'mismatch',
      found: ['cm-verification=other'],
      diagnosis: `The TXT record at example.com is "cm-verification=other", expected "${OWNERSHIP.value}".`,
    });
  });

  it('is a mismatch listing several records found', () => {
    expect(txtMatcher.match(OWNERSHIP, answers('a=1', 'b=2')).diagnosis).toBe(
      `None of the 2 TXT records at example.com contains "${OWNERSHIP.value}"; found "a=1", "b=2".`,
    );
  });

  it('is a mismatch when the expected SPF record is one of two SPF records (RFC 7208 §4.5 permerror)', () => {
    const check = txtMatcher.match(SPF, answers(SPF.value, 'v=spf1 include:_spf.google.com ~all'));
    expect(check.status).toBe('mismatch');
    expect(check.diagnosis).toMatch(/^There are 2 SPF records/);
  });

  it('is valid for an SPF value next to other, non-SPF TXT records', () => {
    expect(txtMatcher.match(SPF, answers(SPF.value, OWNERSHIP.value)).status).toBe('valid');
  });

  it('is missing for NXDOMAIN and NODATA, and an error for a DNS error', () => {
    expect(txtMatcher.match(DMARC, NXDOMAIN)).toEqual({ status: 'missing', found: [], diagnosis: 'No TXT record found at _dmarc.example.com.' });
    expect(txtMatcher.match(DMARC, NODATA).status).toBe('missing');
    expect(txtMatcher.match(DMARC, { kind: 'error', code: 'ETIMEOUT', message: 'timeout', chain: [] })).toEqual({
      status: 'error',
      found: [],
      diagnosis: 'DNS could not be queried for the TXT record at _dmarc.example.com (ETIMEOUT). The check will be retried automatically; until then the record keeps its last known state.',
    });
  });
});

describe('txtMatcher.probes', () => {
  it('looks for the record at the doubled name, for a CNAME at the host and for the name without its underscore', () => {
    expect(txtMatcher.probes(DMARC, DOMAIN)).toEqual([
      { purpose: 'zone-doubled', name: '_dmarc.example.com.example.com', type: 'TXT' },
      { purpose: 'other-type', name: '_dmarc.example.com', type: 'CNAME' },
      { purpose: 'apex', name: 'example.com', type: 'TXT' },
      { purpose: 'underscore-dropped', name: 'dmarc.example.com', type: 'TXT' },
    ]);
  });
});

describe('txtMatcher.diagnose', () => {
  it('returns null when no diagnosis applies', () => {
    expect(txtMatcher.diagnose(context(OWNERSHIP, answers('unrelated=1')))).toBeNull();
  });

  it('puts a CNAME at the host before anything read from the (followed) TXT answer', () => {
    const probes = [probe('other-type', DMARC.host, 'CNAME', answers('dmarc.other-provider.net'))];
    expect(txtMatcher.diagnose(context(DMARC, answers('v=DMARC1; p=nne'), probes))).toMatch(/has a CNAME record pointing to/);
  });

  it('explains duplicate SPF records, quotes, case and typos in the found records', () => {
    expect(txtMatcher.diagnose(context(SPF, answers(SPF.value, 'v=spf1 -all')))).toMatch(/SPF records/);
    expect(txtMatcher.diagnose(context(OWNERSHIP, answers(`"${OWNERSHIP.value}"`)))).toMatch(/quotation marks/);
    expect(txtMatcher.diagnose(context(OWNERSHIP, answers(OWNERSHIP.value.toUpperCase())))).toMatch(/upper and lower case/);
    expect(txtMatcher.diagnose(context(OWNERSHIP, answers(`${OWNERSHIP.value}7`)))).toMatch(/one extra character/);
  });

  it('explains a doubled zone name', () => {
    const probes = [probe('zone-doubled', '_dmarc.example.com.example.com', 'TXT', answers(DMARC.value))];
    expect(txtMatcher.diagnose(context(DMARC, NXDOMAIN, probes))).toMatch(/Change the name to just "_dmarc"/);
  });

  it('names an underscore dropped from _dmarc', () => {
    const probes = [probe('underscore-dropped', 'dmarc.example.com', 'TXT', answers(DMARC.value))];
    expect(txtMatcher.diagnose(context(DMARC, NXDOMAIN, probes))).toMatch(/published at dmarc\.example\.com, without the underscore of "_dmarc"/);
  });
});
