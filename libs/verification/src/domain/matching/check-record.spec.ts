import { checkRecord } from './check-record.js';
import { ACCOUNT_HEX, DKIM, DKIM_HOST, DKIM_TARGET, DMARC, DOMAIN, InMemoryDnsResolver, OWNERSHIP, SPF } from './testing.js';

const DOUBLED = `${DKIM_HOST}.example.com`;

describe('checkRecord', () => {
  let dns: InMemoryDnsResolver;
  beforeEach(() => {
    dns = new InMemoryDnsResolver();
  });

  it('returns valid after only the primary lookup', async () => {
    dns.add(DKIM_HOST, 'CNAME', DKIM.value);
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({ status: 'valid', found: [DKIM_TARGET], diagnosis: null });
    expect(dns.queries).toEqual([{ name: DKIM_HOST, type: 'CNAME' }]);
  });

  it('queries the host normalized', async () => {
    dns.add(DKIM_HOST, 'CNAME', DKIM.value);
    expect((await checkRecord({ ...DKIM, host: `${DKIM_HOST.toUpperCase()}.` }, DOMAIN, dns)).status).toBe('valid');
    expect(dns.queries).toEqual([{ name: DKIM_HOST, type: 'CNAME' }]);
  });

  it('returns error, never missing or mismatch, when the primary lookup fails, and runs no probes', async () => {
    dns.fail(DKIM_HOST, 'CNAME', 'SERVFAIL').add(DOUBLED, 'CNAME', DKIM.value);
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({
      status: 'error',
      found: [],
      diagnosis: `DNS could not be queried for the CNAME record at ${DKIM_HOST} (SERVFAIL). The check will be retried automatically; until then the record keeps its last known state.`,
    });
    expect(dns.queries).toHaveLength(1);
  });

  it('turns a resolver that throws into an error result', async () => {
    dns.throwOn(DKIM_HOST, 'CNAME', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(await checkRecord(DKIM, DOMAIN, dns)).toMatchObject({ status: 'error', found: [], diagnosis: expect.stringContaining('(ECONNREFUSED)') });
    dns.throwOn(DMARC.host, 'TXT', new Error('bug'));
    expect((await checkRecord(DMARC, DOMAIN, dns)).diagnosis).toContain('(LOOKUP_FAILED)');
  });

  it('keeps the generic sentence when the probes explain nothing', async () => {
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({
      status: 'missing',
      found: [],
      diagnosis: `No CNAME record found at ${DKIM_HOST}.`,
    });
    expect(dns.queries.slice(0, 3)).toEqual([
      { name: DKIM_HOST, type: 'CNAME' },
      { name: DOUBLED, type: 'CNAME' },
      { name: DKIM_HOST, type: 'TXT' },
    ]);
    expect(dns.queries.map((q) => `${q.type} ${q.name}`)).toEqual(
      expect.arrayContaining([`A ${DKIM_HOST}`, `AAAA ${DKIM_HOST}`, `NS _domainkey.example.com`, `CNAME _sds-wildcard-check._domainkey.example.com`]),
    );
  });

  it('keeps the generic mismatch sentence for an unrelated target', async () => {
    dns.add(DKIM_HOST, 'CNAME', 'dkim.other-provider.net');
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({
      status: 'mismatch',
      found: ['dkim.other-provider.net'],
      diagnosis: `The CNAME at ${DKIM_HOST} points to dkim.other-provider.net, expected ${DKIM_TARGET}.`,
    });
  });

  it('diagnoses a doubled zone name (status stays missing: nothing is at the expected name)', async () => {
    dns.add(DOUBLED, 'CNAME', DKIM_TARGET);
    expect(await checkRecord(DKIM, 'Example.COM.', dns)).toEqual({
      status: 'missing',
      found: [],
      diagnosis: `The CNAME record was published at ${DOUBLED} instead of ${DKIM_HOST}, because your DNS provider adds "example.com" to the name automatically. Change the name to just "cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey".`,
    });
  });

  it('diagnoses a CNAME published as TXT', async () => {
    dns.add(DKIM_HOST, 'TXT', DKIM.value);
    const check = await checkRecord(DKIM, DOMAIN, dns);
    expect(check.status).toBe('missing');
    expect(check.diagnosis).toBe(
      `The value "${DKIM.value}" was published at ${DKIM_HOST} as a TXT record, but it must be a CNAME record. Delete the TXT record and create a CNAME record at ${DKIM_HOST} with the value "${DKIM.value}".`,
    );
  });

  it('diagnoses a TXT published as CNAME (the TXT lookup follows the CNAME and finds nothing)', async () => {
    const expected = { host: `_cm.${DOMAIN}`, type: 'TXT' as const, value: `cm-verify-${ACCOUNT_HEX}` };
    dns.add(expected.host, 'CNAME', `${expected.value}.example.com`);
    const check = await checkRecord(expected, DOMAIN, dns);
    expect(check.status).toBe('missing');
    expect(check.diagnosis).toMatch(/^The value "cm-verify-903e.*" was published at _cm\.example\.com as a CNAME record, but it must be a TXT record\./);
  });

  it('follows a chain of aliases to our target: valid, with the chain as found', async () => {
    dns.add(DKIM_HOST, 'CNAME', 'alias.example.com.').add('alias.example.com', 'CNAME', 'alias2.example.com').add('alias2.example.com', 'CNAME', DKIM.value);
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({ status: 'valid', found: ['alias.example.com', 'alias2.example.com', DKIM_TARGET], diagnosis: null });
  });

  it('calls a chain that ends elsewhere a mismatch, and a loop a mismatch that says so, quickly', async () => {
    dns.add(DKIM_HOST, 'CNAME', 'alias.example.com').add('alias.example.com', 'CNAME', 'dkim.other.net');
    expect(await checkRecord(DKIM, DOMAIN, dns)).toMatchObject({ status: 'mismatch', found: ['alias.example.com', 'dkim.other.net'] });
    const looping = new InMemoryDnsResolver().add(DKIM_HOST, 'CNAME', 'a.example.com').add('a.example.com', 'CNAME', 'b.example.com').add('b.example.com', 'CNAME', 'a.example.com');
    const loop = await checkRecord(DKIM, DOMAIN, looping);
    expect(loop).toMatchObject({ status: 'mismatch', found: ['a.example.com', 'b.example.com', 'a.example.com'] });
    expect(loop.diagnosis).toMatch(/goes round in a loop/);
    expect(looping.queries.filter((q) => q.type === 'CNAME' && q.name !== DKIM_HOST).length).toBeLessThan(40);
  });

  it('calls a chain whose later hop cannot be asked an error, never a mismatch', async () => {
    dns.add(DKIM_HOST, 'CNAME', 'alias.other.net').fail('alias.other.net', 'CNAME', 'REFUSED');
    expect(await checkRecord(DKIM, DOMAIN, dns)).toMatchObject({ status: 'error', found: [], diagnosis: expect.stringContaining('could not be asked about alias.other.net (REFUSED)') });
  });

  it('never calls a target with a stray space valid', async () => {
    dns.add(DKIM_HOST, 'CNAME', `${DKIM_TARGET} `);
    const check = await checkRecord(DKIM, DOMAIN, dns);
    expect(check).toMatchObject({ status: 'mismatch', found: [`${DKIM_TARGET} `] });
    expect(check.diagnosis).toMatch(/has a space at its end/);
  });

  it('diagnoses a target with the customer domain appended', async () => {
    dns.add(DKIM_HOST, 'CNAME', `${DKIM_TARGET}.example.com`);
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({
      status: 'mismatch',
      found: [`${DKIM_TARGET}.example.com`],
      diagnosis: `The CNAME at ${DKIM_HOST} points to ${DKIM_TARGET}.example.com: your DNS provider added "example.com" to the end of the value because it did not end with a dot. Change the value to "${DKIM.value}", including the final dot.`,
    });
  });

  it('diagnoses a target missing its zone', async () => {
    dns.add(DKIM_HOST, 'CNAME', `${ACCOUNT_HEX}cm2._domainkey`);
    expect((await checkRecord(DKIM, DOMAIN, dns)).diagnosis).toContain('which is missing the end of the value (".email.cmtest.nl")');
  });

  it('diagnoses a one-character typo', async () => {
    dns.add(DKIM_HOST, 'CNAME', DKIM_TARGET.replace('b2ca', 'b2ac'));
    expect((await checkRecord(DKIM, DOMAIN, dns)).diagnosis).toContain('two characters swapped at positions 23 and 24: "ac" should be "ca"');
  });

  it('ignores probes that fail and still uses those that answered', async () => {
    dns.fail(DOUBLED, 'CNAME').add(DKIM_HOST, 'TXT', DKIM_TARGET);
    expect((await checkRecord(DKIM, DOMAIN, dns)).diagnosis).toMatch(/must be a CNAME record/);
  });

  it('falls back to the generic sentence when every probe fails or throws', async () => {
    dns.fail(DOUBLED, 'CNAME', 'REFUSED').throwOn(DKIM_HOST, 'TXT', new Error('boom'));
    expect(await checkRecord(DKIM, DOMAIN, dns)).toEqual({ status: 'missing', found: [], diagnosis: `No CNAME record found at ${DKIM_HOST}.` });
  });

  it('checks TXT records: valid when contained, case mismatch diagnosed', async () => {
    dns.add(DOMAIN, 'TXT', 'google-site-verification=abc', `  ${OWNERSHIP.value} `);
    expect((await checkRecord(OWNERSHIP, DOMAIN, dns)).status).toBe('valid');

    const other = new InMemoryDnsResolver().add(DOMAIN, 'TXT', OWNERSHIP.value.toUpperCase());
    const check = await checkRecord(OWNERSHIP, DOMAIN, other);
    expect(check).toMatchObject({ status: 'mismatch', found: [OWNERSHIP.value.toUpperCase()] });
    expect(check.diagnosis).toContain('only in upper and lower case');
  });

  it('reports two SPF records as a mismatch even though one of them is ours', async () => {
    dns.add(DOMAIN, 'TXT', SPF.value, 'v=spf1 include:_spf.google.com ~all');
    const check = await checkRecord(SPF, DOMAIN, dns);
    expect(check.status).toBe('mismatch');
    expect(check.found).toEqual([SPF.value, 'v=spf1 include:_spf.google.com ~all']);
    expect(check.diagnosis).toMatch(/^There are 2 SPF records .* includes "include:spf\.provider\.net"\.$/);
  });

  it('diagnoses a DMARC record at the doubled name', async () => {
    dns.add('_dmarc.example.com.example.com', 'TXT', DMARC.value);
    expect((await checkRecord(DMARC, DOMAIN, dns)).diagnosis).toBe(
      'The TXT record was published at _dmarc.example.com.example.com instead of _dmarc.example.com, because your DNS provider adds "example.com" to the name automatically. Change the name to just "_dmarc".',
    );
  });
});
