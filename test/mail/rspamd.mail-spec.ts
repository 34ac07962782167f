/**
 * rspamd itself (Debian's rspamd package) signing with the service's keys, read through the route
 * it takes for a HashiCorp Vault (dkim_signing with use_vault), with nothing of ours on its side:
 * the message submitted over rspamd's HTTP protocol as an MTA's milter does, the DKIM-Signature it
 * asks the MTA to add taken from its answer, prepended, and verified by dkimpy (Debian's
 * python3-dkim) through real DNS serving the published keys.
 */
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app.js';
import { TestDnsServer } from '../support/dns-server.js';
import { dkimpyVerify, findDkimpyPython } from './dkimpy.js';
import { type RspamdCheck, RspamdServer } from './rspamd.js';
import { activeSigningDomain, admin, message, serveProviderZone } from '../support/signing.js';

const ACCOUNT = '0d1c2b3a-0000-4000-8000-00000005a4d0';
const ACCT = ACCOUNT.replace(/-/g, '');
/** the platform's mail servers' network: what rspamd signs for without an authenticated user */
const SIGN_NETWORK = '192.0.2.0/24';

/** The dkim_signing configuration a platform gives rspamd (local.d/dkim_signing.conf). */
const dkimSigningConf = (service: string, token: string) => `# keys from the sending-domain service, read as a Vault: GET <vault_url>/v1/dkim/<domain>, X-Vault-Token
use_vault = true;
vault_url = "${service}/api/v1/dkim/vault";
vault_token = "${token}";
# the d= is the From: domain itself (mail.example.com), not its registrable domain (example.com)
use_esld = false;
use_domain = "header";
# the envelope sender is on the return-path host cm<account>.<domain>, not the From: domain
allow_hdrfrom_mismatch = true;
# authenticated submissions (an SMTP login is not an address at the domain) and the platform's own network
sign_authenticated = true;
allow_username_mismatch = true;
sign_networks = ["${SIGN_NETWORK}"];
sign_local = false;
# the signature as a header for the MTA to add (the milter's add_headers)
use_milter_headers = true;
`;

/** The DKIM-Signature header field rspamd's answer asks the MTA to add, CRLF-terminated; undefined when it signed nothing. */
function addedSignature(check: RspamdCheck): Buffer | undefined {
  const added = check.milter?.add_headers?.['DKIM-Signature'];
  if (!added) return undefined;
  const values = Array.isArray(added) ? added : [added];
  if (values.length !== 1) throw new Error(`rspamd added ${values.length} DKIM-Signatures: ${JSON.stringify(values)}`);
  return Buffer.from(`DKIM-Signature: ${values[0]!.value.replace(/\r?\n/g, '\r\n')}\r\n`, 'latin1');
}

describe('rspamd signing through the Vault route, verified by dkimpy', () => {
  let python: string;
  let dns: TestDnsServer;
  let t: TestApp;
  let rspamd: RspamdServer;
  const domain = 'shop-rspamd.example.org';
  const envelope = `bounces@cm${ACCT}.${domain}`;

  /** rspamd's answer for the message, and dkimpy's verdict on the message with rspamd's signature prepended */
  async function submit(body: Buffer, transaction: Record<string, string>) {
    const check = await rspamd.check(body, { 'Queue-Id': 'SDS1842', Rcpt: 'jane@example.org', Helo: 'app.platform.example', ...transaction });
    const header = addedSignature(check);
    const verdict = header ? await dkimpyVerify(python, dns.address, Buffer.concat([header, body])) : undefined;
    return { check, header, verdict };
  }
  const failed = (what: string) => `${what}; rspamd's log:\n${rspamd.log().split('\n').filter((line) => /dkim|vault/i.test(line)).slice(-40).join('\n')}`;

  beforeAll(async () => {
    python = findDkimpyPython();
    dns = await TestDnsServer.start();
    dns.role = 'recursive';
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000' } });
    await t.app.listen(0, '127.0.0.1'); // rspamd needs a real socket
    const service = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await activeSigningDomain(t, dns, ACCOUNT, domain);
    const exporter = await t.createKey([ACCOUNT], ['DkimKeys_Export']);
    rspamd = await RspamdServer.start({ dkimSigning: dkimSigningConf(service, exporter), dns: dns.address });
  });
  afterAll(async () => {
    await rspamd?.stop();
    await t?.close();
    await dns?.stop();
  });

  it(`from the platform's network: rspamd signs with the active selector it read from the Vault route; dkimpy verifies it`, async () => {
    const body = message(`orders@${domain}`);
    const { check, header, verdict } = await submit(body, { IP: '192.0.2.25', From: envelope });
    if (!header) throw new Error(failed(`rspamd did not sign: ${JSON.stringify(check)}`));
    expect(check.symbols.DKIM_SIGNED).toMatchObject({ options: [`${domain}:s=cm1${ACCT}`] });
    expect(verdict!.signatures).toHaveLength(1);
    expect(verdict!.signatures[0]).toMatchObject({ verified: true, tags: { a: 'rsa-sha256', d: domain, s: `cm1${ACCT}` } });
    // rspamd's own header set: From over-signed ((o)from in its sign_headers)
    expect(verdict!.signatures[0]!.signedHeaders.filter((h) => h === 'from')).toHaveLength(2);
    // and it is a signature of this message: a changed body fails
    const changed = Buffer.concat([header, message(`orders@${domain}`, 'Thank you for your order!')]);
    expect((await dkimpyVerify(python, dns.address, changed)).signatures[0]!.verified).toBe(false);
  });

  it('an authenticated submission from elsewhere is signed too (the SMTP login is not an address at the domain)', async () => {
    const body = message(`orders@${domain}`);
    const { header, verdict } = await submit(body, { IP: '203.0.113.9', From: envelope, User: 'shop-smtp-login' });
    if (!header) throw new Error(failed('rspamd did not sign'));
    expect(verdict!.signatures.map((s) => [s.verified, s.tags.d, s.tags.s])).toEqual([[true, domain, `cm1${ACCT}`]]);
  });

  it('goes out unsigned when the Vault route has no key for the From domain (404), or the submission is neither authenticated nor from the platform', async () => {
    const stranger = await submit(message('orders@not-ours.example.org'), { IP: '192.0.2.25', From: 'bounces@not-ours.example.org' });
    expect(stranger.header).toBeUndefined();
    expect(stranger.check.symbols.DKIM_SIGNED).toBeUndefined();
    // rspamd asked the Vault route, got the 404 and let the message go unsigned (its log says so)
    expect(rspamd.log()).toMatch(/cannot request data from the vault url: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/dkim\/vault\/v1\/dkim\/not-ours\.example\.org;.*"status":404/);

    const outsider = await submit(message(`orders@${domain}`), { IP: '203.0.113.9', From: envelope });
    expect(outsider.header).toBeUndefined();
    expect(outsider.check.symbols.DKIM_SIGNED).toBeUndefined();
    expect(rspamd.log()).toContain('mail is ineligible for signing');
  });

  it('after a rotation rspamd signs with the new selector at once (it asks the Vault for every message), its configuration unchanged; dkimpy verifies it', async () => {
    await t.http.post(`/api/v1/accounts/${ACCOUNT}/dkim/rotate`).set(admin).send({}).expect(202);
    await serveProviderZone(t, dns, ACCOUNT);
    const body = message(`orders@${domain}`);
    const { header, verdict } = await submit(body, { IP: '192.0.2.25', From: envelope });
    if (!header) throw new Error(failed('rspamd did not sign after the rotation'));
    expect(verdict!.signatures.map((s) => [s.verified, s.tags.d, s.tags.s])).toEqual([[true, domain, `cm2${ACCT}`]]);
  });
});
