import type { TestApp } from './app.js';
import type { TestDnsServer } from './dns-server.js';

/** The account of seed 000's examples. */
export const SEED_ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
/** PROVIDER_DNS_ZONE's default (DESIGN.md §6). */
export const PROVIDER_ZONE = 'email.cmtest.nl';
export const CM = '/email/configuration/v1';

export interface ExpectedRecord {
  host: string;
  type: 'CNAME';
  /** as seed 000 shows it: fully qualified, with a trailing dot */
  value: string;
}

/**
 * The three CNAMEs seed 000 tells a customer to publish, in the seed's order, computed here from
 * the seed's examples (account id without dashes), independently of the service's own code.
 */
export function expectedRecords(accountId: string, domain: string, zone = PROVIDER_ZONE): ExpectedRecord[] {
  const acct = accountId.replace(/-/g, '').toLowerCase();
  return [
    { host: `cm2${acct}._domainkey.${domain}`, type: 'CNAME', value: `${acct}cm2._domainkey.${zone}.` },
    { host: `cm${acct}.${domain}`, type: 'CNAME', value: `${acct}.${zone}.` },
    { host: `cm1${acct}._domainkey.${domain}`, type: 'CNAME', value: `${acct}cm1._domainkey.${zone}.` },
  ];
}

/** Publishes records in the test DNS server exactly as the customer was told to. */
export function publish(dns: TestDnsServer, ...records: ExpectedRecord[]): void {
  for (const record of records) dns.set(record.host, 'CNAME', record.value);
}

export function auth(key: string): { Authorization: string } {
  return { Authorization: `Bearer ${key}` };
}

/** POST /configuration; fails the test unless it answers 200. Returns the domainConfig. */
export async function registerDomain(
  t: TestApp,
  key: string,
  body: { domain: string; accountId?: string; emailAddress?: string },
): Promise<{ id: number; isValid: boolean; dnsRecords: { host: string; type: string; value: string; isValid: boolean }[] }> {
  const res = await t.http
    .post(`${CM}/configuration`)
    .set(auth(key))
    .send({ accountId: SEED_ACCOUNT, emailAddress: `owner@${body.domain}`, ...body });
  if (res.status !== 200) throw new Error(`register ${body.domain}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.domainConfig;
}

/** POST /dns/accounts/{accountId}/verify?domain=…, the raw supertest response. */
export function verify(t: TestApp, key: string, domain: string, accountId = SEED_ACCOUNT) {
  return t.http.post(`${CM}/dns/accounts/${accountId}/verify`).query({ domain }).set(auth(key));
}

/** The domain's `isValid` in GET /configuration/accounts/{accountId} (seed 000's list). */
export async function listedIsValid(t: TestApp, key: string, domain: string, accountId = SEED_ACCOUNT): Promise<boolean> {
  const res = await t.http.get(`${CM}/configuration/accounts/${accountId}`).set(auth(key));
  if (res.status !== 200) throw new Error(`list ${accountId}: ${res.status} ${JSON.stringify(res.body)}`);
  const found = (res.body.domains as { domain: string; isValid: boolean }[]).find((d) => d.domain === domain);
  if (!found) throw new Error(`${domain} is not in the list of ${accountId}`);
  return found.isValid;
}

export interface DomainRow {
  id: number;
  status: string;
  consecutive_failures: number;
  next_check_at: Date | null;
  lease_until: Date | null;
  last_checked_at: Date | null;
  status_changed_at: Date;
}

export interface RecordRow {
  host: string;
  status: string;
  is_valid: boolean;
  found_values: string[];
  diagnosis: string | null;
  last_checked_at: Date | null;
}

export async function domainRow(t: TestApp, domain: string, accountId = SEED_ACCOUNT): Promise<DomainRow> {
  const [row] = await t.sql<DomainRow>(
    `SELECT id, status, consecutive_failures, next_check_at, lease_until, last_checked_at, status_changed_at
       FROM sending_domains WHERE name = $1 AND account_id = $2 AND deleted_on IS NULL`,
    [domain, accountId],
  );
  if (!row) throw new Error(`no live row for ${domain}`);
  return row;
}

/** The domain's records in seed order. */
export async function recordRows(t: TestApp, domainId: number): Promise<RecordRow[]> {
  return t.sql<RecordRow>(
    `SELECT host, status, is_valid, found_values, diagnosis, last_checked_at FROM dns_records WHERE domain_id = $1 ORDER BY position`,
    [domainId],
  );
}
