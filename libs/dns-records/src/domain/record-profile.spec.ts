import type { ProviderRecords } from '#shared-kernel';
import { recordProfile } from './record-profile.js';

const ACCT = '903e1cef84b34500a9a5b2ca219f76f5';
const none = { trackingPrefix: null, mailFromSubdomain: null, receiving: false, ownershipToken: null, spf: false, dmarc: false };
const provider: ProviderRecords = {
  records: [
    { purpose: 'dkim', type: 'CNAME', host: `cm2${ACCT}._domainkey.example.com`, value: `${ACCT}cm2._domainkey.email.cmtest.nl.`, required: true },
    { purpose: 'returnPath', type: 'CNAME', host: `cm${ACCT}.example.com`, value: `${ACCT}.email.cmtest.nl.`, required: true },
  ],
  spfInclude: '_spf.email.cmtest.nl',
  inboundMx: [{ priority: 10, host: 'mx1.cmtest.nl.' }, { priority: 20, host: 'mx2.cmtest.nl.' }],
  trackingHost: 'track.email.cmtest.nl.',
};

describe('recordProfile', () => {
  it("is the provider's records alone without options", () => {
    expect(recordProfile('example.com', provider, none)).toEqual(provider.records);
  });

  it("adds SPF and DMARC (recommended), MX (receiving), tracking and the ownership token (required), after the provider's", () => {
    const records = recordProfile('example.com', provider, { trackingPrefix: 'email', mailFromSubdomain: null, receiving: true, ownershipToken: 'sds-verification=tok', spf: true, dmarc: true });
    expect(records.slice(2)).toEqual([
      { purpose: 'spf', type: 'TXT', host: 'example.com', value: 'v=spf1 include:_spf.email.cmtest.nl ~all', required: false },
      { purpose: 'dmarc', type: 'TXT', host: '_dmarc.example.com', value: 'v=DMARC1; p=none;', required: false },
      { purpose: 'mx', type: 'MX', host: 'example.com', value: 'mx1.cmtest.nl.', priority: 10, required: false },
      { purpose: 'mx', type: 'MX', host: 'example.com', value: 'mx2.cmtest.nl.', priority: 20, required: false },
      { purpose: 'tracking', type: 'CNAME', host: 'email.example.com', value: 'track.email.cmtest.nl.', required: false },
      { purpose: 'ownership', type: 'TXT', host: '_sds-verification.example.com', value: 'sds-verification=tok', required: true },
    ]);
  });

  it('does not repeat an apex SPF record the provider already asks for', () => {
    const withSpf = { ...provider, records: [...provider.records, { purpose: 'spf' as const, type: 'TXT' as const, host: 'example.com', value: 'v=spf1 include:x ~all', required: false }] };
    expect(recordProfile('example.com', withSpf, { ...none, spf: true }).filter((r) => r.purpose === 'spf')).toHaveLength(1);
  });
});
