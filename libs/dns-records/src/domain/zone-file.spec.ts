import { renderZoneFile, txtChunks } from './zone-file.js';

describe('renderZoneFile', () => {
  it('writes every record with a comment, fully qualified, MX with its priority, TXT quoted', () => {
    const zone = renderZoneFile('example.com', [
      { purpose: 'dkim', type: 'CNAME', host: 'cm2x._domainkey.example.com', value: 'xcm2._domainkey.email.cmtest.nl.', priority: null, required: true },
      { purpose: 'spf', type: 'TXT', host: 'example.com', value: 'v=spf1 include:_spf.email.cmtest.nl ~all', priority: null, required: false },
      { purpose: 'mx', type: 'MX', host: 'example.com', value: 'inbound.email.cmtest.nl.', priority: 10, required: false },
    ]);
    expect(zone).toBe(
      [
        '; DNS records for example.com',
        '; Paste into the zone of example.com (names are fully qualified; TTL 3600 s).',
        '',
        '; DKIM: signs your mail (required)',
        'cm2x._domainkey.example.com.\t3600\tIN\tCNAME\txcm2._domainkey.email.cmtest.nl.',
        '',
        '; SPF: authorises the provider to send for the domain (recommended)',
        'example.com.\t3600\tIN\tTXT\t"v=spf1 include:_spf.email.cmtest.nl ~all"',
        '',
        '; MX: receiving mail for the domain',
        'example.com.\t3600\tIN\tMX\t10 inbound.email.cmtest.nl.',
        '',
      ].join('\n'),
    );
  });

  it('splits TXT values over 255 bytes into quoted strings, escaping quotes and backslashes, never inside a UTF-8 character', () => {
    const long = `v=DKIM1; k=rsa; p=${'A'.repeat(400)}`;
    const chunks = txtChunks(long);
    expect(chunks).toHaveLength(2);
    expect(chunks.map((c) => c.slice(1, -1)).join('')).toBe(long);
    expect(Buffer.byteLength(chunks[0]!.slice(1, -1))).toBe(255);
    expect(txtChunks('say "hi" \\ bye')).toEqual(['"say \\"hi\\" \\\\ bye"']);
    const accents = txtChunks('é'.repeat(200)); // 400 bytes
    expect(accents.map((c) => c.slice(1, -1)).join('')).toBe('é'.repeat(200));
    expect(accents.every((c) => Buffer.byteLength(c.slice(1, -1)) <= 255)).toBe(true);
  });
});
