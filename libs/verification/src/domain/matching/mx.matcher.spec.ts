import { checkRecord } from './check-record.js';
import { withMatchingContext } from './matching-context.js';
import type { ExpectedRecord } from './record-check.js';
import { InMemoryDnsResolver } from './testing.js';

const MX: ExpectedRecord = { purpose: 'mx', host: 'example.com', type: 'MX', value: 'inbound.email.cmtest.nl.', priority: 10 };
const check = (dns: InMemoryDnsResolver) => checkRecord(MX, 'example.com', dns);

describe('the MX check of a receiving domain', () => {
  it('is valid with ours at its priority, and a backup with a worse preference', async () => {
    expect(await check(new InMemoryDnsResolver().add('example.com', 'MX', '10 inbound.email.cmtest.nl', '20 backup.example.net'))).toMatchObject({ status: 'valid', diagnosis: null });
  });

  it('is missing without MX records', async () => {
    expect(await check(new InMemoryDnsResolver())).toMatchObject({ status: 'missing', diagnosis: expect.stringMatching(/There is no MX record at example\.com/) });
  });

  it.each([
    ['a host with a better preference', ['5 mx.old-host.net', '10 inbound.email.cmtest.nl'], /mx\.old-host\.net \(priority 5\) has a better \(lower\) priority .* goes there first/],
    ['a null MX', ['0 .'], /null MX record .* accepts no mail at all/],
    ['our host at another priority, swapped', ['20 inbound.email.cmtest.nl', '10 backup.example.net'], /has priority 20, expected 10; backup\.example\.net \(priority 10\) has the priority ours should have: the priorities look swapped/],
    ['our host without its final dot', ['10 inbound.email.cmtest.nl.example.com'], /added "example\.com" because the value did not end with a dot/],
    ['another provider', ['10 mx.other.net'], /point to mx\.other\.net \(priority 10\); expected inbound\.email\.cmtest\.nl \(priority 10\)/],
  ])('names %s', async (_what, values, diagnosis) => {
    const result = await check(new InMemoryDnsResolver().add('example.com', 'MX', ...values));
    expect(result.status).toBe('mismatch');
    expect(result.diagnosis).toMatch(diagnosis);
  });

  it('names an MX host that is an alias (CNAME)', async () => {
    const dns = new InMemoryDnsResolver().add('example.com', 'MX', '10 mx.example.com').add('mx.example.com', 'CNAME', 'inbound.email.cmtest.nl');
    expect((await check(dns)).diagnosis).toMatch(/mx\.example\.com, an alias \(CNAME\) of inbound\.email\.cmtest\.nl: an MX must point directly at a mail server's name/);
  });

  it('is an error when DNS fails', async () => {
    expect((await check(new InMemoryDnsResolver().fail('example.com', 'MX'))).status).toBe('error');
  });
});

describe('several inbound MX hosts of ours', () => {
  const MX1: ExpectedRecord = { purpose: 'mx', host: 'example.com', type: 'MX', value: 'mx1.email.cmtest.nl.', priority: 10 };
  const MX2: ExpectedRecord = { purpose: 'mx', host: 'example.com', type: 'MX', value: 'mx2.email.cmtest.nl.', priority: 20 };
  const context = { sendingIps: [], provider: 'builtin', records: [MX1, MX2] };
  const both = () => new InMemoryDnsResolver().add('example.com', 'MX', '10 mx1.email.cmtest.nl', '20 mx2.email.cmtest.nl');

  it('publishing exactly those is valid: the host with the better priority is ours too', async () => {
    for (const mx of [MX1, MX2]) expect(await withMatchingContext(context, () => checkRecord(mx, 'example.com', both()))).toMatchObject({ status: 'valid', diagnosis: null });
  });

  it('another host with a better priority than ours is still named', async () => {
    const dns = both().add('example.com', 'MX', '5 mx.old-host.net');
    const result = await withMatchingContext(context, () => checkRecord(MX2, 'example.com', dns));
    expect(result.diagnosis).toMatch(/^mx\.old-host\.net \(priority 5\) has a better \(lower\) priority than mx2\.email\.cmtest\.nl/);
  });
});
