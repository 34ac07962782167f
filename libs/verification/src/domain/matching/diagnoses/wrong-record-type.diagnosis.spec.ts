import { answers, context, DKIM, DKIM_HOST, DKIM_TARGET, DMARC, NODATA, NXDOMAIN, OWNERSHIP, probe } from '../testing.js';
import { cnamePublishedAsTxt, otherTypeProbe, txtPublishedAsCname } from './wrong-record-type.diagnosis.js';

describe('otherTypeProbe', () => {
  it('asks for the other type at the expected host', () => {
    expect(otherTypeProbe(DKIM, 'TXT')).toEqual([{ purpose: 'other-type', name: DKIM_HOST, type: 'TXT' }]);
  });
});

describe('cnamePublishedAsTxt', () => {
  const txtAtHost = (...values: string[]) => [probe('other-type', DKIM_HOST, 'TXT', answers(...values))];

  it('recognises the CNAME target published as a TXT record, with or without the final dot, in any case', () => {
    const sentence = `The value "${DKIM.value}" was published at ${DKIM_HOST} as a TXT record, but it must be a CNAME record. Delete the TXT record and create a CNAME record at ${DKIM_HOST} with the value "${DKIM.value}".`;
    expect(cnamePublishedAsTxt(context(DKIM, NODATA, txtAtHost(DKIM.value)))).toBe(sentence);
    expect(cnamePublishedAsTxt(context(DKIM, NODATA, txtAtHost('v=spf1 -all', ` ${DKIM_TARGET.toUpperCase()} `)))).toBe(sentence);
  });

  it('returns null for other TXT records or none', () => {
    expect(cnamePublishedAsTxt(context(DKIM, NODATA, txtAtHost('v=DKIM1; k=rsa; p=MIGf')))).toBeNull();
    expect(cnamePublishedAsTxt(context(DKIM, NXDOMAIN, [probe('other-type', DKIM_HOST, 'TXT', NXDOMAIN)]))).toBeNull();
    expect(cnamePublishedAsTxt(context(DKIM, NXDOMAIN))).toBeNull();
  });
});

describe('txtPublishedAsCname', () => {
  const cnameAtHost = (host: string, ...targets: string[]) => [probe('other-type', host, 'CNAME', answers(...targets))];
  const token = 'cm-verify-903e1cef84b34500a9a5b2ca219f76f5';
  const TOKEN_AT_HOST = { host: '_cm.example.com', type: 'TXT' as const, value: token };

  it('recognises the TXT value published as the CNAME target, also with the domain appended', () => {
    const sentence = `The value "${token}" was published at _cm.example.com as a CNAME record, but it must be a TXT record. Delete the CNAME record and create a TXT record at _cm.example.com with the value "${token}".`;
    expect(txtPublishedAsCname(context(TOKEN_AT_HOST, NXDOMAIN, cnameAtHost('_cm.example.com', token)))).toBe(sentence);
    expect(txtPublishedAsCname(context(TOKEN_AT_HOST, NXDOMAIN, cnameAtHost('_cm.example.com', `${token}.example.com`)))).toBe(sentence);
  });

  it('explains that any other CNAME at the host stands in the way of the TXT record', () => {
    expect(txtPublishedAsCname(context(DMARC, NODATA, cnameAtHost('_dmarc.example.com', 'dmarc.other-provider.net')))).toBe(
      `_dmarc.example.com has a CNAME record pointing to dmarc.other-provider.net, so it cannot also have the TXT record. Delete the CNAME record and create a TXT record at _dmarc.example.com with the value "v=DMARC1; p=none".`,
    );
  });

  it('returns null without a CNAME at the host', () => {
    expect(txtPublishedAsCname(context(OWNERSHIP, NODATA, [probe('other-type', 'example.com', 'CNAME', NODATA)]))).toBeNull();
  });
});
