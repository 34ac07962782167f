import { checkRecord } from './check-record.js';
import { parseDmarc } from './dmarc.matcher.js';
import type { ExpectedRecord } from './record-check.js';
import { InMemoryDnsResolver } from './testing.js';

const DMARC = (domain: string): ExpectedRecord => ({ purpose: 'dmarc', host: `_dmarc.${domain}`, type: 'TXT', value: 'v=DMARC1; p=none;' });

describe('parseDmarc', () => {
  it('reads p, sp, pct and rua', () => {
    expect(parseDmarc('v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:dmarc@example.com,mailto:x@example.net')).toEqual({
      ok: true,
      policy: { policy: 'quarantine', subdomainPolicy: 'reject', pct: 50, rua: ['mailto:dmarc@example.com', 'mailto:x@example.net'] },
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
