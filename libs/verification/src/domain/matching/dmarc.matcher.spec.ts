import { checkRecord } from './check-record.js';
import { dmarcAlignment, parseDmarc } from './dmarc.matcher.js';
import { withMatchingContext } from './matching-context.js';
import type { ExpectedRecord } from './record-check.js';
import { InMemoryDnsResolver } from './testing.js';

const DMARC = (domain: string): ExpectedRecord => ({ purpose: 'dmarc', host: `_dmarc.${domain}`, type: 'TXT', value: 'v=DMARC1; p=none;' });

describe('parseDmarc', () => {
  it('reads p, sp, pct and rua', () => {
    expect(parseDmarc('v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:dmarc@example.com,mailto:x@example.net')).toEqual({
      ok: true,
      policy: { policy: 'quarantine', subdomainPolicy: 'reject', pct: 50, rua: ['mailto:dmarc@example.com', 'mailto:x@example.net'], aspf: 'r', adkim: 'r' },
    });
    expect(parseDmarc('v=DMARC1;p=reject')).toMatchObject({ ok: true, policy: { policy: 'reject', subdomainPolicy: null, pct: 100, rua: [] } });
  });

  it.each([
    ['p=reject; v=DMARC1', /"v=DMARC1" must be its first tag/],
    ['v=dmarc1; p=none', /"v=DMARC1" must be its first tag, written exactly so/],
    ['v=DMARC1; rua=mailto:a@b.c', /it has no policy/],
    ['v=DMARC1; rua=mailto:a@b.c; p=none', /"p=" must come right after "v=DMARC1"/],
    ['v=DMARC1; p=block', /"p=block" is not a policy/],
    ['v=DMARC1; p=none; sp=maybe', /"sp=maybe" is not a policy/],
    ['v=DMARC1; p=none; pct=150', /"pct=150" must be a whole number from 0 to 100/],
    ['v=DMARC1; p=none; rua=dmarc@example.com', /"rua=dmarc@example.com" is not a report address/],
  ])('refuses %j, saying why', (record, reason) => {
    const parsed = parseDmarc(record);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});

describe('the DMARC check of a domain', () => {
  it('is valid with a policy, reporting it; p=none is valid but says it protects nothing yet', async () => {
    const dns = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=DMARC1; p=reject; rua=mailto:d@example.com');
    expect(await checkRecord(DMARC('example.com'), 'example.com', dns)).toMatchObject({
      status: 'valid',
      diagnosis: null,
      details: { policy: 'reject', subdomainPolicy: null, effectivePolicy: 'reject', rua: ['mailto:d@example.com'], pct: 100, inheritedFrom: null },
    });
    const none = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=DMARC1; p=none');
    const result = await checkRecord(DMARC('example.com'), 'example.com', none);
    expect(result).toMatchObject({ status: 'valid', details: { effectivePolicy: 'none' } });
    expect(result.diagnosis).toMatch(/protects nothing yet/);
  });

  it('inherits the organisational domain\'s record, with its subdomain policy as the effective one', async () => {
    const dns = new InMemoryDnsResolver().add('_dmarc.example.co.uk', 'TXT', 'v=DMARC1; p=reject; sp=quarantine');
    expect(await checkRecord(DMARC('mail.example.co.uk'), 'mail.example.co.uk', dns)).toMatchObject({
      status: 'valid',
      details: { policy: 'reject', subdomainPolicy: 'quarantine', effectivePolicy: 'quarantine', inheritedFrom: 'example.co.uk' },
    });
  });

  it('is missing without a record anywhere, suggesting ours, and names one published at the apex', async () => {
    expect(await checkRecord(DMARC('example.com'), 'example.com', new InMemoryDnsResolver())).toMatchObject({ status: 'missing', suggestedValue: 'v=DMARC1; p=none;' });
    const apex = await checkRecord(DMARC('example.com'), 'example.com', new InMemoryDnsResolver().add('example.com', 'TXT', 'v=DMARC1; p=none'));
    expect(apex.diagnosis).toMatch(/published at example\.com itself instead of _dmarc\.example\.com/);
  });

  it('calls several records, a misordered one and a bad policy a mismatch, in words', async () => {
    const several = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=DMARC1; p=none', 'v=DMARC1; p=reject');
    expect((await checkRecord(DMARC('example.com'), 'example.com', several)).diagnosis).toMatch(/There are 2 DMARC records .* receivers apply none of them/);
    const misordered = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'p=none; v=DMARC1');
    expect((await checkRecord(DMARC('example.com'), 'example.com', misordered)).diagnosis).toMatch(/does not start with "v=DMARC1"/);
    const bad = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=DMARC1; p=block');
    expect(await checkRecord(DMARC('example.com'), 'example.com', bad)).toMatchObject({ status: 'mismatch', diagnosis: expect.stringMatching(/"p=block" is not a policy/) });
  });

  it('is an error when DNS fails', async () => {
    expect((await checkRecord(DMARC('example.com'), 'example.com', new InMemoryDnsResolver().fail('_dmarc.example.com', 'TXT'))).status).toBe('error');
  });
});

describe('DMARC case and separators', () => {
  it('reads tag names and policy values in any case: V=DMARC1; P=REJECT is a reject policy', async () => {
    expect(parseDmarc('V=DMARC1; P=REJECT; SP=Quarantine; ASPF=S')).toMatchObject({ ok: true, policy: { policy: 'reject', subdomainPolicy: 'quarantine', aspf: 's', adkim: 'r' } });
    const dns = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'V=DMARC1; P=REJECT');
    expect(await checkRecord(DMARC('example.com'), 'example.com', dns)).toMatchObject({ status: 'valid', details: { policy: 'reject', effectivePolicy: 'reject' } });
  });

  it('names a record missing the ";" after v=DMARC1 for exactly that', async () => {
    const dns = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=DMARC1 p=quarantine; rua=mailto:d@example.com');
    expect((await checkRecord(DMARC('example.com'), 'example.com', dns)).diagnosis).toBe(
      'The DMARC record at _dmarc.example.com is invalid: it is missing the ";" after "v=DMARC1" (tags are separated by semicolons): write "v=DMARC1; p=quarantine; rua=mailto:d@example.com".',
    );
  });

  it('still wants "DMARC1" in capitals, and says so', async () => {
    const dns = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=dmarc1; p=none');
    expect((await checkRecord(DMARC('example.com'), 'example.com', dns)).diagnosis).toMatch(/"v=DMARC1" must be its first tag, written exactly so/);
  });
});

describe('dmarcAlignment: would mail we send align?', () => {
  const returnPath = { purpose: 'returnPath' as const, host: 'cm903e1cef84b34500a9a5b2ca219f76f5.example.com', type: 'CNAME' as const, value: 'x.email.cmtest.nl.' };
  const dkim = { purpose: 'dkim' as const, host: 'cm1x._domainkey.example.com', type: 'CNAME' as const, value: 'y.email.cmtest.nl.' };
  const context = { sendingIps: [], provider: 'builtin', records: [dkim, returnPath] };

  it('relaxed: SPF through the return path in the same organisational domain, DKIM through d=', () => {
    expect(dmarcAlignment('example.com', { aspf: 'r', adkim: 'r' }, context)).toMatchObject({ spf: 'aligned', dkim: 'aligned' });
  });

  it('strict aspf=s cannot align with a return-path subdomain, and says DKIM still passes', () => {
    const strict = dmarcAlignment('example.com', { aspf: 's', adkim: 's' }, context);
    expect(strict).toMatchObject({ spf: 'not_aligned', dkim: 'aligned' });
    expect(strict.reason).toMatch(/aspf=s \(strict\) needs the MAIL FROM domain to be example\.com itself.*a subdomain\. DKIM alignment still passes/);
  });

  it('without a return path of the domain (the provider\'s own MAIL FROM): SPF does not align; unknown without context', () => {
    expect(dmarcAlignment('example.com', { aspf: 'r', adkim: 'r' }, { ...context, provider: 'ses', records: [dkim] }).spf).toBe('not_aligned');
    expect(dmarcAlignment('example.com', { aspf: 'r', adkim: 'r' }, { sendingIps: [], provider: null, records: [] }).spf).toBe('unknown');
  });

  it('is in the DMARC check\'s details', async () => {
    const dns = new InMemoryDnsResolver().add('_dmarc.example.com', 'TXT', 'v=DMARC1; p=reject');
    const result = await withMatchingContext(context, () => checkRecord(DMARC('example.com'), 'example.com', dns));
    expect(result.details).toMatchObject({ alignment: { spf: 'aligned', dkim: 'aligned', reason: expect.stringMatching(/^SPF aligns: the return path cm903e1cef84b34500a9a5b2ca219f76f5\.example\.com shares the organisational domain example\.com/) } });
  });
});
