import { builtinRecordProfile } from './record-profile.js';

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
