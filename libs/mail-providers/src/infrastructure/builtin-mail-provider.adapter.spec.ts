import { BuiltinMailProvider } from './builtin-mail-provider.adapter.js';
import { LogMailSender } from './log-mail-sender.adapter.js';

const provider = new BuiltinMailProvider(
  { zone: 'email.cmtest.nl', spfInclude: '_spf.email.cmtest.nl', trackingHost: 'track.email.cmtest.nl', inboundMx: [{ priority: 10, host: 'inbound.email.cmtest.nl' }] },
  new LogMailSender(),
  { ensure: async () => undefined, release: async () => undefined },
);
const request = { domainId: 1, domain: 'example.com', accountId: '903e1cef-84b3-4500-a9a5-b2ca219f76f5', region: null, mailFromSubdomain: null };

describe('BuiltinMailProvider', () => {
  it("produces seed 000's worked example: three CNAMEs in the seed's order", async () => {
    const identity = await provider.provision(request);
    expect(provider.records(identity, request).records.map(({ host, type, value }) => ({ host, type, value }))).toEqual([
      { host: 'cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com', type: 'CNAME', value: '903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl.' },
      { host: 'cm903e1cef84b34500a9a5b2ca219f76f5.example.com', type: 'CNAME', value: '903e1cef84b34500a9a5b2ca219f76f5.email.cmtest.nl.' },
      { host: 'cm1903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com', type: 'CNAME', value: '903e1cef84b34500a9a5b2ca219f76f5cm1._domainkey.email.cmtest.nl.' },
    ]);
  });

  it('moves the return path to the custom MAIL FROM subdomain, and gives the hosts of optional records', () => {
    const records = provider.records(null, { ...request, mailFromSubdomain: 'bounce' });
    expect(records.records[1]).toMatchObject({ purpose: 'returnPath', host: 'bounce.example.com', value: '903e1cef84b34500a9a5b2ca219f76f5.email.cmtest.nl.' });
    expect(records).toMatchObject({ spfInclude: '_spf.email.cmtest.nl', trackingHost: 'track.email.cmtest.nl.', inboundMx: [{ priority: 10, host: 'inbound.email.cmtest.nl.' }] });
  });

  it('is always verified on its side: DNS alone decides', async () => {
    expect(await provider.status()).toEqual({ gone: false, dkim: { kind: 'verified' }, mailFrom: null });
  });
});
