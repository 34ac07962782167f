import { ADMIN_KEY, type TestApp } from './app.js';
import type { TestDnsServer } from './dns-server.js';
import { auth, expectedRecords, PROVIDER_ZONE, publish } from './domains.js';

export const admin = auth(ADMIN_KEY);

/** A message from `from`, CRLF line ends, the header fields RFC 6376 §5.4.1 recommends signing. */
export const message = (from: string, body = 'Thank you for your order.') =>
  Buffer.from(`From: Shop <${from}>\r\nTo: jane@example.org\r\nSubject: Your order\r\nDate: Mon, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <order-1842@shop.example>\r\n\r\n${body}\r\n`);

/**
 * Serves in `dns` what the provider zone holds for the account now, as a publisher would: its
 * two key names get exactly the TXT records GET /api/v1/provider-zone lists (none: removed).
 */
export async function serveProviderZone(t: TestApp, dns: TestDnsServer, accountId: string): Promise<void> {
  const label = accountId.replace(/-/g, '');
  const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body as { records: { host: string; type: string; value: string }[] };
  for (const selector of ['cm1', 'cm2']) dns.set(`${label}${selector}._domainkey.${PROVIDER_ZONE}`, 'TXT');
  for (const r of zone.records.filter((r) => r.type === 'TXT' && r.host.startsWith(label))) dns.set(r.host, 'TXT', r.value);
}

/**
 * A built-in domain of the account, active: registered, its CNAMEs published as the customer was
 * told to, the provider zone served, verified. `dns` must answer as a recursive resolver.
 */
export async function activeSigningDomain(t: TestApp, dns: TestDnsServer, accountId: string, domain: string): Promise<number> {
  const api = `/api/v1/accounts/${accountId}/domains`;
  const id = (await t.http.post(api).set(admin).send({ domain, spf: false, dmarc: false }).expect(201)).body.id as number;
  publish(dns, ...expectedRecords(accountId, domain));
  await serveProviderZone(t, dns, accountId);
  const verified = (await t.http.post(`${api}/${id}/verify`).set(admin).expect(200)).body;
  if (verified.status !== 'active') throw new Error(`${domain} is ${verified.status}, not active: ${JSON.stringify(verified)}`);
  return id;
}

/** POST /api/v1/dkim/sign: the DKIM-Signature header field to prepend (fails unless 200). */
export async function signature(t: TestApp, body: Buffer, key = ADMIN_KEY): Promise<Buffer> {
  const res = await t.http.post('/api/v1/dkim/sign').set(auth(key)).set('Content-Type', 'message/rfc822').send(body);
  if (res.status !== 200) throw new Error(`POST /api/v1/dkim/sign answered ${res.status}: ${res.text}`);
  return Buffer.from(res.text, 'latin1');
}

/** The TXT value the provider zone publishes for the account's selector now. */
export async function publishedKey(t: TestApp, accountId: string, selector: 'cm1' | 'cm2'): Promise<string> {
  const host = `${accountId.replace(/-/g, '')}${selector}._domainkey.${PROVIDER_ZONE}`;
  const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body as { records: { host: string; type: string; value: string }[] };
  const record = zone.records.find((r) => r.type === 'TXT' && r.host === host);
  if (!record) throw new Error(`the provider zone has no TXT at ${host}`);
  return record.value;
}
