import { cnameAccepts, cnameMatcher } from './cname.matcher.js';
import { ACCOUNT_HEX, cnameChain, context, DKIM, DKIM_HOST, DKIM_TARGET, DOMAIN, NODATA, NXDOMAIN, answers, probe } from './testing.js';

const RETRIED = 'The check will be retried automatically; until then the record keeps its last known state.';

describe('cnameMatcher.match', () => {
  it('is valid when the target equals the expected value, ignoring ASCII case and the final dot', () => {
    for (const target of [DKIM_TARGET, `${DKIM_TARGET}.`, DKIM_TARGET.toUpperCase()]) {
      expect(cnameMatcher.match(DKIM, cnameChain(target))).toEqual({ status: 'valid', found: [target], diagnosis: null });
    }
  });

  it('is valid when a chain of aliases ends at the expected target, and shows the chain', () => {
    expect(cnameMatcher.match(DKIM, cnameChain('alias.example.com', DKIM_TARGET))).toEqual({
      status: 'valid',
      found: ['alias.example.com', DKIM_TARGET],
      diagnosis: null,
    });
  });

  it('never trims what DNS returned: a target with a stray space is another name', () => {
    expect(cnameAccepts(DKIM, [`${DKIM_TARGET} `])).toBe(false);
    expect(cnameAccepts(DKIM, [` ${DKIM_TARGET}`])).toBe(false);
    expect(cnameAccepts(DKIM, [`"${DKIM_TARGET}"`])).toBe(false);
  });

  it('is a mismatch, with the found chain, when it ends elsewhere', () => {
    expect(cnameMatcher.match(DKIM, cnameChain('dkim.other-provider.net'))).toEqual({
      status: 'mismatch',
      found: ['dkim.other-provider.net'],
      diagnosis: `The CNAME at ${DKIM_HOST} points to dkim.other-provider.net, expected ${DKIM_TARGET}.`,
    });
    expect(cnameMatcher.match(DKIM, cnameChain('alias.example.com', 'elsewhere.example.net')).diagnosis).toBe(
      `The CNAME at ${DKIM_HOST} points to alias.example.com → elsewhere.example.net (through 1 alias), expected ${DKIM_TARGET}.`,
    );
  });

  it('does not accept a target that only contains the expected one', () => {
    expect(cnameAccepts(DKIM, [`${DKIM_TARGET}.example.com`])).toBe(false);
    expect(cnameAccepts(DKIM, [`x${DKIM_TARGET}`])).toBe(false);
  });

  it('is missing for NXDOMAIN and NODATA', () => {
    const missing = { status: 'missing', found: [], diagnosis: `No CNAME record found at ${DKIM_HOST}.` };
    expect(cnameMatcher.match(DKIM, NXDOMAIN)).toEqual(missing);
    expect(cnameMatcher.match(DKIM, NODATA)).toEqual(missing);
  });

  it('is a mismatch for a loop or an over-long chain, saying so', () => {
    expect(cnameMatcher.match(DKIM, { kind: 'loop', chain: ['a.example.com', 'b.example.com', 'a.example.com'] })).toEqual({
      status: 'mismatch',
      found: ['a.example.com', 'b.example.com', 'a.example.com'],
      diagnosis: expect.stringContaining(`goes round in a loop (${DKIM_HOST} → a.example.com → b.example.com → a.example.com)`),
    });
    expect(cnameMatcher.match(DKIM, { kind: 'too-long', chain: Array.from({ length: 9 }, (_, i) => `h${i}.example.com`) }).diagnosis).toMatch(/more than 8 aliases/);
  });

  it('is an error, with nothing found, when DNS could not be queried, on the first hop or any later one', () => {
    expect(cnameMatcher.match(DKIM, { kind: 'error', code: 'SERVFAIL', message: 'server failure', chain: [] })).toEqual({
      status: 'error',
      found: [],
      diagnosis: `DNS could not be queried for the CNAME record at ${DKIM_HOST} (SERVFAIL). ${RETRIED}`,
    });
    expect(cnameMatcher.match(DKIM, { kind: 'error', code: 'REFUSED', message: 'refused', chain: ['alias.other.net'] })).toEqual({
      status: 'error',
      found: [],
      diagnosis: `The CNAME at ${DKIM_HOST} points to alias.other.net, but DNS could not be asked about alias.other.net (REFUSED), so it is not known yet whether it leads to ${DKIM_TARGET}. ${RETRIED}`,
    });
  });

  it('names a referral: the server asked refers to the delegated zone\'s servers', () => {
    const referral = { kind: 'error' as const, code: 'REFERRAL', message: 'referral', chain: [], delegation: { zone: '_domainkey.example.com', servers: ['ns1.dead.example.net'] } };
    expect(cnameMatcher.match(DKIM, referral).diagnosis).toBe(
      `DNS could not be asked about the CNAME record at ${DKIM_HOST}: the DNS server asked does not answer for it but refers to ns1.dead.example.net, the name servers of _domainkey.example.com (a referral; the server does not recurse). ${RETRIED}`,
    );
  });

  it('stops following a chain at the expected target or at an obvious typo of it', () => {
    expect(cnameMatcher.stopAt!(DKIM, DOMAIN, `${DKIM_TARGET}.`)).toBe(true);
    expect(cnameMatcher.stopAt!(DKIM, DOMAIN, `${DKIM_TARGET}.example.com`)).toBe(true); // the zone appended
    expect(cnameMatcher.stopAt!(DKIM, DOMAIN, `${DKIM_TARGET} `)).toBe(true); // a stray space
    expect(cnameMatcher.stopAt!(DKIM, DOMAIN, 'alias.example.com')).toBe(false);
  });
});

describe('cnameMatcher.probes', () => {
  it('looks at the doubled name, a TXT at the host, addresses, our target, a wildcard beside the host and the names between the domain and the host', () => {
    expect(cnameMatcher.probes(DKIM, DOMAIN)).toEqual([
      { purpose: 'zone-doubled', name: `${DKIM_HOST}.example.com`, type: 'CNAME' },
      { purpose: 'other-type', name: DKIM_HOST, type: 'TXT' },
      { purpose: 'address-a', name: DKIM_HOST, type: 'A' },
      { purpose: 'address-aaaa', name: DKIM_HOST, type: 'AAAA' },
      { purpose: 'host-txt', name: DKIM_HOST, type: 'TXT' },
      { purpose: 'target-txt', name: DKIM_TARGET, type: 'TXT' },
      { purpose: 'target-a', name: DKIM_TARGET, type: 'A' },
      { purpose: 'wildcard', name: '_sds-wildcard-check._domainkey.example.com', type: 'CNAME' },
      { purpose: 'wildcard-a', name: '_sds-wildcard-check._domainkey.example.com', type: 'A' },
      { purpose: 'delegation', name: '_domainkey.example.com', type: 'NS' },
      { purpose: 'underscore-dropped', name: `cm2${ACCOUNT_HEX}.domainkey.example.com`, type: 'CNAME' },
    ]);
  });

  it('for a subdomain, also looks at the name doubled with each parent zone and at the subdomain\'s own NS', () => {
    const host = `cm2${ACCOUNT_HEX}._domainkey.mail.example.com`;
    const probes = cnameMatcher.probes({ ...DKIM, host }, 'mail.example.com');
    expect(probes.filter((p) => p.purpose === 'zone-doubled').map((p) => p.name)).toEqual([`${host}.mail.example.com`, `${host}.example.com`]);
    expect(probes.find((p) => p.purpose === 'own-zone')).toEqual({ purpose: 'own-zone', name: 'mail.example.com', type: 'NS' });
  });

  it('skips the doubled name when the host is outside the domain', () => {
    expect(cnameMatcher.probes(DKIM, 'other.org').map((p) => p.purpose)).not.toContain('zone-doubled');
  });
});

describe('cnameMatcher.diagnose', () => {
  it('returns null when no diagnosis applies', () => {
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain('dkim.other-provider.net')))).toBeNull();
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, [probe('other-type', DKIM_HOST, 'TXT', answers('unrelated'))]))).toBeNull();
  });

  it('explains a value missing its zone', () => {
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain(`${ACCOUNT_HEX}cm2._domainkey`)))).toMatch(/missing the end of the value/);
  });

  it('explains a one-character typo', () => {
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain(DKIM_TARGET.replace('84b3', '84b8'))))).toMatch(/one wrong character/);
  });

  it('names a stray space or quotes in the target', () => {
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain(`${DKIM_TARGET}. `)))).toBe(
      `The CNAME at ${DKIM_HOST} points to "${DKIM_TARGET}. ": the value has a space at its end, which DNS keeps as part of the name, so receivers look up a different name and find nothing. Change the value to exactly "${DKIM.value}".`,
    );
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain(`"${DKIM_TARGET}"`)))).toMatch(/quotation marks at its start and quotation marks at its end/);
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain(` ${DKIM_TARGET}`)))).toMatch(/a space at its start/);
  });

  it('explains a CNAME published as TXT', () => {
    const probes = [probe('other-type', DKIM_HOST, 'TXT', answers(DKIM.value))];
    expect(cnameMatcher.diagnose(context(DKIM, NODATA, probes))).toMatch(/must be a CNAME record/);
  });

  it('explains a doubled zone name, and a subdomain\'s full name typed into the parent zone', () => {
    const probes = [probe('zone-doubled', `${DKIM_HOST}.example.com`, 'CNAME', answers(DKIM_TARGET))];
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, probes))).toMatch(/Change the name to just/);
    const host = `cm2${ACCOUNT_HEX}._domainkey.mail.example.com`;
    const parent = [probe('zone-doubled', `${host}.example.com`, 'CNAME', answers(DKIM_TARGET))];
    expect(cnameMatcher.diagnose(context({ ...DKIM, host }, NXDOMAIN, parent, 'mail.example.com'))).toBe(
      `The CNAME record was published at ${host}.example.com instead of ${host}: the full name was entered in the DNS settings of example.com, which add "example.com" to it. Change the name to just "cm2${ACCOUNT_HEX}._domainkey.mail" in the settings of example.com.`,
    );
  });

  it('names a proxied record: Cloudflare addresses instead of the CNAME', () => {
    const probes = [probe('address-a', DKIM_HOST, 'A', answers('104.16.132.229')), probe('address-aaaa', DKIM_HOST, 'AAAA', answers('2606:4700::6810:84e5'))];
    expect(cnameMatcher.diagnose(context(DKIM, NODATA, probes))).toMatch(/proxied by Cloudflare\. Set it to "DNS only"/);
    const other = [probe('address-a', DKIM_HOST, 'A', answers('192.0.2.10'))];
    expect(cnameMatcher.diagnose(context(DKIM, NODATA, other))).toBe(`${DKIM_HOST} has an address record (192.0.2.10) instead of a CNAME. Replace it with a CNAME record pointing to ${DKIM_TARGET}.`);
  });

  it('names a wildcard answering for the host, by CNAME or by address', () => {
    const byCname = [probe('wildcard', `_sds-wildcard-check._domainkey.example.com`, 'CNAME', answers('parking.example.net'))];
    expect(cnameMatcher.diagnose(context(DKIM, cnameChain('parking.example.net'), byCname))).toMatch(/comes from a wildcard record \(such as \*\.example\.com\)/);
    const byAddress = [probe('address-a', DKIM_HOST, 'A', answers('192.0.2.80')), probe('wildcard-a', '_sds-wildcard-check._domainkey.example.com', 'A', answers('192.0.2.80'))];
    expect(cnameMatcher.diagnose(context(DKIM, NODATA, byAddress))).toMatch(/answers with the address of a wildcard record/);
  });

  it('names CNAME flattening: the host serves a copy of our key instead of the alias', () => {
    const key = 'v=DKIM1; k=rsa; p=MIIBIjAN';
    const probes = [probe('host-txt', DKIM_HOST, 'TXT', answers(key)), probe('target-txt', DKIM_TARGET, 'TXT', answers(key))];
    expect(cnameMatcher.diagnose(context(DKIM, NODATA, probes))).toMatch(/flattens the CNAME/);
  });

  it('names a delegated _domainkey, and a subdomain that is a zone of its own', () => {
    const delegated = [probe('delegation', '_domainkey.example.com', 'NS', answers('ns1.other-host.net'))];
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, delegated))).toMatch(/is inside _domainkey\.example\.com, which is delegated to other name servers \(ns1\.other-host\.net\)/);
    const host = `cm2${ACCOUNT_HEX}._domainkey.mail.example.com`;
    const own = [probe('own-zone', 'mail.example.com', 'NS', answers('ns1.mail-host.net'))];
    expect(cnameMatcher.diagnose(context({ ...DKIM, host }, NXDOMAIN, own, 'mail.example.com'))).toMatch(/mail\.example\.com is a DNS zone of its own .* If you added the record in the DNS settings of example\.com/);
  });

  it('names an underscore dropped from _domainkey', () => {
    const probes = [probe('underscore-dropped', `cm2${ACCOUNT_HEX}.domainkey.example.com`, 'CNAME', answers(DKIM_TARGET))];
    expect(cnameMatcher.diagnose(context(DKIM, NXDOMAIN, probes))).toMatch(/without the underscore of "_domainkey"/);
  });
});
