/**
 * The signatures of POST /api/v1/dkim/sign checked by a verifier we did not write, dkimpy
 * (Debian's python3-dkim), which fetches the keys through real DNS: the in-process DNS server
 * answering as a receiver's resolver, following the customer's CNAMEs into the provider zone,
 * whose key TXTs it serves as a publisher would. Before a rotation, after it (the new selector),
 * mail signed before it while the old key retires, and a revoked key failing.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { TestDnsServer } from '../support/dns-server.js';
import { dkimpyVerify, findDkimpyPython, type DkimpyReport } from './dkimpy.js';
import { activeSigningDomain, admin, message, publishedKey, serveProviderZone, signature } from '../support/signing.js';

const ACCOUNT = '0d1c2b3a-0000-4000-8000-0000000d1c01';
const ACCT = ACCOUNT.replace(/-/g, '');
/** an account whose key is revoked */
const REVOKED = '0d1c2b3a-0000-4000-8000-0000000d1c02';
const REV = REVOKED.replace(/-/g, '');

describe('signatures verified by dkimpy through real DNS', () => {
  let python: string;
  let dns: TestDnsServer;
  let t: TestApp;
  const domain = 'shop-dkimpy.example.org';

  const verify = (signed: Buffer): Promise<DkimpyReport> => dkimpyVerify(python, dns.address, signed);
  /** the key dkimpy found for a selector of the domain (the TXT at the end of the CNAME) */
  const keyLookup = (report: DkimpyReport, selector: string, on = domain) => report.lookups.find((l) => l.name === `${selector}._domainkey.${on}.`);

  beforeAll(async () => {
    python = findDkimpyPython();
    dns = await TestDnsServer.start();
    dns.role = 'recursive'; // a receiver's resolver: follows the customer's CNAME to the key
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000' } });
    await activeSigningDomain(t, dns, ACCOUNT, domain);
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('(a) before any rotation: verifies with the active selector; From is over-signed in h=, and a From added afterwards breaks it', async () => {
    const original = message(`orders@${domain}`);
    const header = await signature(t, original);
    const report = await verify(Buffer.concat([header, original]));
    expect(report.signatures).toHaveLength(1);
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ verified: true, tags: { v: '1', a: 'rsa-sha256', c: 'relaxed/relaxed', d: domain, s: `cm1${ACCT}` } });
    expect(sig!.error).toBeUndefined();
    // dkimpy read the key where the customer's CNAME leads: what the provider zone publishes for cm1
    expect(keyLookup(report, `cm1${ACCT}`)).toEqual({ name: `cm1${ACCT}._domainkey.${domain}.`, txt: [await publishedKey(t, ACCOUNT, 'cm1')] });
    // From listed twice: one more than the message has, so no From can be added
    expect(sig!.signedHeaders.filter((h) => h === 'from')).toHaveLength(2);
    expect(sig!.signedHeaders).toEqual(expect.arrayContaining(['to', 'subject', 'date', 'message-id']));

    const tampered = await verify(Buffer.concat([header, Buffer.from('From: someone@evil.example\r\n'), original]));
    expect(tampered.signatures[0]!.verified).toBe(false);
    // the key was found all the same: it is the signature that no longer matches
    expect(keyLookup(tampered, `cm1${ACCT}`)?.txt).toEqual([await publishedKey(t, ACCOUNT, 'cm1')]);
    // and a changed body breaks it too
    expect((await verify(Buffer.concat([header, message(`orders@${domain}`, 'Thank you for your order!')]))).signatures[0]!.verified).toBe(false);
  });

  it('(b) after a rotation the new selector verifies; (c) what the old key signed before it still verifies while that key retires', async () => {
    const original = message(`orders@${domain}`);
    const before = await signature(t, original);
    const cm1Key = await publishedKey(t, ACCOUNT, 'cm1');

    const rotated = (await t.http.post(`/api/v1/accounts/${ACCOUNT}/dkim/rotate`).set(admin).send({}).expect(202)).body as { selectors: { selector: string; state: string }[] };
    expect(rotated.selectors.map((s) => [s.selector, s.state])).toEqual([
      ['cm1', 'retiring'],
      ['cm2', 'active'],
    ]);
    await serveProviderZone(t, dns, ACCOUNT);

    // (b) new mail: signed with cm2, verified with the key DNS serves for cm2
    const after = await signature(t, original);
    const b = await verify(Buffer.concat([after, original]));
    expect(b.signatures.map((s) => [s.verified, s.tags.s, s.tags.d])).toEqual([[true, `cm2${ACCT}`, domain]]);
    expect(keyLookup(b, `cm2${ACCT}`)?.txt).toEqual([await publishedKey(t, ACCOUNT, 'cm2')]);

    // (c) mail in flight, signed with cm1 before the rotation: cm1 retires but is still published, unchanged
    const account = (await t.http.get(`/api/v1/accounts/${ACCOUNT}/dkim`).set(admin).expect(200)).body as { selectors: { selector: string; state: string; dnsValue: string }[] };
    expect(account.selectors.find((s) => s.selector === 'cm1')).toMatchObject({ state: 'retiring', dnsValue: cm1Key });
    const c = await verify(Buffer.concat([before, original]));
    expect(c.signatures.map((s) => [s.verified, s.tags.s])).toEqual([[true, `cm1${ACCT}`]]);
    expect(keyLookup(c, `cm1${ACCT}`)?.txt).toEqual([cm1Key]);
  });

  it('(d) after a revocation, what the revoked key signed fails (the zone publishes "v=DKIM1; p=" for it); new mail verifies with the standby', async () => {
    const name = 'revoked-dkimpy.example.org';
    await activeSigningDomain(t, dns, REVOKED, name);
    const original = message(`orders@${name}`);
    const before = await signature(t, original);
    expect((await verify(Buffer.concat([before, original]))).signatures.map((s) => [s.verified, s.tags.s])).toEqual([[true, `cm1${REV}`]]);

    // the standby (cm2) is served: the compromised cm1 is revoked in one call
    const revoked = (await t.http.post(`/api/v1/accounts/${REVOKED}/dkim/rotate`).set(admin).send({ revoke: true }).expect(202)).body as { selectors: { selector: string; state: string; dnsValue: string }[] };
    expect(revoked.selectors.map((s) => [s.selector, s.state])).toEqual([
      ['cm1', 'revoked'],
      ['cm2', 'active'],
    ]);
    expect(await publishedKey(t, REVOKED, 'cm1')).toBe('v=DKIM1; p=');
    await serveProviderZone(t, dns, REVOKED);

    const report = await verify(Buffer.concat([before, original]));
    expect(report.signatures.map((s) => [s.verified, s.tags.s])).toEqual([[false, `cm1${REV}`]]);
    // dkimpy got the empty key through the CNAME and refused it as a key (not a body or header mismatch)
    expect(report.lookups).toEqual([{ name: `cm1${REV}._domainkey.${name}.`, txt: ['v=DKIM1; p='] }]);
    expect(report.signatures[0]!.log.join('\n')).toMatch(/could not parse RSA public key/);

    const after = await signature(t, original);
    expect((await verify(Buffer.concat([after, original]))).signatures.map((s) => [s.verified, s.tags.s])).toEqual([[true, `cm2${REV}`]]);
  });
});
