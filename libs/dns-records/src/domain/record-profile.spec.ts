import { builtinRecordProfile, providerHosts, recordProfile } from './record-profile.js';

describe('builtinRecordProfile', () => {
  it("produces seed 000's worked example for account 903e1cef-84b3-4500-a9a5-b2ca219f76f5", () => {
    const records = builtinRecordProfile('903e1cef-84b3-4500-a9a5-b2ca219f76f5', 'example.com', 'email.cmtest.nl');
    expect(records.map(({ host, type, value }) => ({ host, type, value }))).toEqual([
      {
        host: 'cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com',
        type: 'CNAME',
        value: '903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl.',
      },
      {
        host: 'cm903e1cef84b34500a9a5b2ca219f76f5.example.com',
        type: 'CNAME',
        value: '903e1cef84b34500a9a5b2ca219f76f5.email.cmtest.nl.',
      },
      {
        host: 'cm1903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com',
        type: 'CNAME',
        value: '903e1cef84b34500a9a5b2ca219f76f5cm1._domainkey.email.cmtest.nl.',
      },
    ]);
    expect(records.every((r) => r.required)).toBe(true);
  });

  it('uses the configured provider zone, with or without its trailing dot', () => {
    const [dkim] = builtinRecordProfile('903e1cef-84b3-4500-a9a5-b2ca219f76f5', 'marketing.company.com', 'Mail.Example.NET.');
    expect(dkim).toMatchObject({
      host: 'cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.marketing.company.com',
      value: '903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.mail.example.net.',
    });
  });
});

describe('recordProfile with options', () => {
  const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
  const ACCT = '903e1cef84b34500a9a5b2ca219f76f5';
  const none = { trackingPrefix: null, mailFromSubdomain: null, receiving: false, ownershipToken: null, spf: false, dmarc: false };

  it('adds SPF and DMARC (recommended), MX (receiving), tracking and the ownership token (required), after the seed three', () => {
    const records = recordProfile(ACCOUNT, 'example.com', providerHosts('email.cmtest.nl', { inboundMx: [{ priority: 10, host: 'mx1.cmtest.nl' }, { priority: 20, host: 'mx2.cmtest.nl' }] }), {
      trackingPrefix: 'email',
      mailFromSubdomain: null,
      receiving: true,
      ownershipToken: 'sds-verification=tok',
      spf: true,
      dmarc: true,
    });
    expect(records.slice(3)).toEqual([
      { purpose: 'spf', type: 'TXT', host: 'example.com', value: 'v=spf1 include:_spf.email.cmtest.nl ~all', required: false },
      { purpose: 'dmarc', type: 'TXT', host: '_dmarc.example.com', value: 'v=DMARC1; p=none;', required: false },
      { purpose: 'mx', type: 'MX', host: 'example.com', value: 'mx1.cmtest.nl.', priority: 10, required: false },
      { purpose: 'mx', type: 'MX', host: 'example.com', value: 'mx2.cmtest.nl.', priority: 20, required: false },
      { purpose: 'tracking', type: 'CNAME', host: 'email.example.com', value: 'track.email.cmtest.nl.', required: false },
      { purpose: 'ownership', type: 'TXT', host: '_sds-verification.example.com', value: 'sds-verification=tok', required: true },
    ]);
  });

  it('moves the return path to the custom MAIL FROM subdomain', () => {
    const [, returnPath] = recordProfile(ACCOUNT, 'example.com', providerHosts('email.cmtest.nl'), { ...none, mailFromSubdomain: 'bounce' });
    expect(returnPath).toEqual({ purpose: 'returnPath', type: 'CNAME', host: 'bounce.example.com', value: `${ACCT}.email.cmtest.nl.`, required: true });
  });

  it('uses the configured provider hosts', () => {
    const records = recordProfile(ACCOUNT, 'example.com', providerHosts('email.cmtest.nl', { spfInclude: 'spf.mail.example.net', trackingHost: 'clicks.example.net' }), { ...none, spf: true, trackingPrefix: 'go' });
    expect(records.map((r) => r.value)).toContain('v=spf1 include:spf.mail.example.net ~all');
    expect(records.map((r) => r.value)).toContain('clicks.example.net.');
  });
});
