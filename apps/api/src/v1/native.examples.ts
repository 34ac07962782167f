/**
 * The native API's examples, shown in Swagger: answers this service gives, word for word (the
 * diagnoses are the ones it writes), for one account and one domain followed through its life.
 * example.com is registered, the scheduler's first check finds the usual mistakes (a CNAME value
 * without its final dot, a record not published yet, an SPF record without our include), the
 * customer fixes them and asks for a check, and the domain is active.
 */
import { UNAVAILABLE_MESSAGE } from '../common/unavailable.js';
import { TITLES } from './problem.filter.js';

type Example = { summary: string; value: unknown };
export type Examples = Record<string, Example>;
export const ex = <T>(summary: string, value: T) => ({ summary, value });

export const EXAMPLE_ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const ACCT = EXAMPLE_ACCOUNT.replace(/-/g, '');
const ZONE = 'email.cmtest.nl';
export const EXAMPLE_DOMAIN_ID = 123;
export const DOMAINS = `/api/v1/accounts/${EXAMPLE_ACCOUNT}/domains`;
export const DOMAIN = `${DOMAINS}/${EXAMPLE_DOMAIN_ID}`;
/** the API key that registered the domains (billing-service, in the API key examples) */
const CREATED_BY = '83e9cdd5-eca0-4c26-88d6-31266e73e4a8';

// example.com's life; the scheduler checks a new domain at its next tick and retries 60 s later
const REGISTERED = '2025-03-14T09:26:53.512Z';
const REQUESTED = '2025-03-14T09:26:53.514Z';
const FIRST_CHECK = '2025-03-14T09:27:14.208Z';
const RETRY = '2025-03-14T09:28:14.208Z';
const VERIFIED = '2025-03-14T09:27:59.931Z';
const RECHECK = '2025-03-15T09:27:59.931Z';
const SUSPENDED = '2025-04-02T16:05:12.377Z';
const DELETED = '2025-04-03T08:00:41.090Z';

type Purpose = 'dkim' | 'returnPath' | 'spf' | 'dmarc' | 'mx' | 'tracking' | 'ownership';
interface Spec {
  purpose: Purpose;
  required: boolean;
  type: 'CNAME' | 'TXT' | 'MX';
  host: string;
  value: string;
  priority: number | null;
}
interface Check {
  status: 'unchecked' | 'valid' | 'missing' | 'mismatch';
  foundValues?: string[];
  diagnosis?: string | null;
  suggestedValue?: string | null;
  at?: string;
}

/** The records the built-in provider and the record options give `domain`, in the order the service lists them. */
function builtinSpecs(domain: string, options: { mailFromSubdomain?: string; receiving?: boolean; trackingPrefix?: string; ownershipToken?: string } = {}): Spec[] {
  const specs: Spec[] = [
    { purpose: 'dkim', required: true, type: 'CNAME', host: `cm2${ACCT}._domainkey.${domain}`, value: `${ACCT}cm2._domainkey.${ZONE}.`, priority: null },
    { purpose: 'returnPath', required: true, type: 'CNAME', host: options.mailFromSubdomain ? `${options.mailFromSubdomain}.${domain}` : `cm${ACCT}.${domain}`, value: `${ACCT}.${ZONE}.`, priority: null },
    { purpose: 'dkim', required: true, type: 'CNAME', host: `cm1${ACCT}._domainkey.${domain}`, value: `${ACCT}cm1._domainkey.${ZONE}.`, priority: null },
    { purpose: 'spf', required: false, type: 'TXT', host: domain, value: `v=spf1 include:_spf.${ZONE} ~all`, priority: null },
    { purpose: 'dmarc', required: false, type: 'TXT', host: `_dmarc.${domain}`, value: 'v=DMARC1; p=none;', priority: null },
  ];
  if (options.receiving) specs.push({ purpose: 'mx', required: false, type: 'MX', host: domain, value: `inbound.${ZONE}.`, priority: 10 });
  if (options.trackingPrefix) specs.push({ purpose: 'tracking', required: false, type: 'CNAME', host: `${options.trackingPrefix}.${domain}`, value: `track.${ZONE}.`, priority: null });
  if (options.ownershipToken) specs.push({ purpose: 'ownership', required: true, type: 'TXT', host: `_sds-verification.${domain}`, value: options.ownershipToken, priority: null });
  return specs;
}

function record(id: number, spec: Spec, check: Check = { status: 'unchecked' }) {
  return {
    id,
    ...spec,
    status: check.status,
    isValid: check.status === 'valid',
    foundValues: check.foundValues ?? [],
    diagnosis: check.diagnosis ?? null,
    suggestedValue: check.suggestedValue ?? null,
    lastCheckedAt: check.status === 'unchecked' ? null : check.at!,
  };
}

interface KindCheck {
  status: 'waiting_for_user' | 'waiting_for_provider' | 'verified' | 'failed' | 'provider_failed';
  attempts: number;
  completedAt?: string | null;
  error?: string | null;
  details?: Record<string, unknown>;
}

const kind = (c: KindCheck) => ({ status: c.status, attempts: c.attempts, requestedAt: REQUESTED, completedAt: c.completedAt ?? null, error: c.error ?? null, details: c.details ?? {} });
const waiting = (purposes: readonly Purpose[]) => Object.fromEntries(purposes.map((p) => [p, kind({ status: 'waiting_for_user', attempts: 0 })]));

type Records = ReturnType<typeof record>[];

/** The one representation, with what follows from the rest worked out: isValid, the DKIM selectors, verificationStatus. */
function domainDto(fields: {
  id?: number;
  domain: string;
  asciiDomain?: string;
  status: 'pending' | 'active' | 'failed' | 'suspended';
  records: Records;
  checks: Record<string, ReturnType<typeof kind>>;
  provider?: 'builtin' | 'ses';
  region?: string | null;
  description?: string | null;
  externalId?: string | null;
  metadata?: Record<string, string>;
  emailAddress?: string | null;
  settings?: { requireTls: boolean; spamAction: string; webScheme: string };
  trackingPrefix?: string | null;
  mailFromSubdomain?: string | null;
  receiving?: boolean;
  isDefault?: boolean;
  suspension?: { reason: string | null; at: string } | null;
  updatedAt?: string;
  statusChangedAt?: string;
  verifiedAt?: string | null;
  lastCheckedAt?: string | null;
  nextCheckAt?: string | null;
}) {
  return {
    id: fields.id ?? EXAMPLE_DOMAIN_ID,
    accountId: EXAMPLE_ACCOUNT,
    domain: fields.domain,
    asciiDomain: fields.asciiDomain ?? fields.domain,
    status: fields.status,
    isValid: fields.status === 'active',
    isDefault: fields.isDefault ?? false,
    description: fields.description ?? null,
    externalId: fields.externalId ?? null,
    metadata: fields.metadata ?? {},
    region: fields.region ?? null,
    provider: fields.provider ?? 'builtin',
    settings: fields.settings ?? { requireTls: false, spamAction: 'disabled', webScheme: 'https' },
    trackingPrefix: fields.trackingPrefix ?? null,
    mailFromSubdomain: fields.mailFromSubdomain ?? null,
    receiving: fields.receiving ?? false,
    suspension: fields.suspension ?? null,
    createdBy: CREATED_BY,
    emailAddress: fields.emailAddress ?? null,
    createdAt: REGISTERED,
    updatedAt: fields.updatedAt ?? REGISTERED,
    statusChangedAt: fields.statusChangedAt ?? REGISTERED,
    verifiedAt: fields.verifiedAt ?? null,
    lastCheckedAt: fields.lastCheckedAt ?? null,
    nextCheckAt: fields.nextCheckAt === undefined ? REGISTERED : fields.nextCheckAt,
    dkimTokens: fields.records.filter((r) => r.purpose === 'dkim').map((r) => r.host.split('.')[0]!),
    verificationStatus: Object.fromEntries(Object.entries(fields.checks).map(([k, c]) => [k, c.status === 'verified'])),
    checks: fields.checks,
    dnsRecords: fields.records,
  };
}

// ---- example.com, from registration to active ----

const SHOP = { description: 'Transactional mail of the shop', externalId: 'client_domain_123', metadata: { client_name: 'Acme Corp', plan: 'enterprise' }, emailAddress: 'admin@example.com' };
const SPECS = builtinSpecs('example.com');
const [DKIM2, RETURN_PATH, DKIM1, SPF, DMARC] = SPECS as [Spec, Spec, Spec, Spec, Spec];
const SEED_KINDS: Purpose[] = ['dkim', 'returnPath', 'spf', 'dmarc'];

const registered = domainDto({ domain: 'example.com', status: 'pending', ...SHOP, records: SPECS.map((s, i) => record(456 + i, s)), checks: waiting(SEED_KINDS) });

const APPENDED = `${ACCT}cm2._domainkey.${ZONE}.example.com`;
const DKIM_DIAGNOSIS = `The CNAME at ${DKIM2.host} points to ${APPENDED}: your DNS provider added "example.com" to the end of the value because it did not end with a dot. Change the value to "${DKIM2.value}", including the final dot.`;
const THEIR_SPF = 'v=spf1 include:_spf.google.com ~all';
const MERGED_SPF = `v=spf1 include:_spf.google.com include:_spf.${ZONE} ~all`;
const SPF_DIAGNOSIS = `The SPF record at example.com does not include include:_spf.${ZONE}, so receivers do not accept our servers for example.com. Replace the record with "${MERGED_SPF}" (one SPF record only: do not add a second one).`;
const DMARC_DIAGNOSIS = 'There is no DMARC record at _dmarc.example.com. Publish a TXT record at _dmarc.example.com with the value "v=DMARC1; p=none;" to start with.';
const DMARC_NONE = 'DMARC is published with the policy "none": receivers report on mail that fails, but deliver it anyway, so it protects nothing yet. Move to "quarantine" or "reject" once the reports show your mail passes.';
const noDot = (name: string) => name.replace(/\.$/, '');
// SPF judged by evaluation: no PROVIDER_SENDING_IPS, so the addresses come from our include once it is published
const OUR_INCLUDE = `_spf.${ZONE}`;
const UNREAD_INCLUDE = `PROVIDER_SENDING_IPS is not set and the SPF policy of include:${OUR_INCLUDE} cannot be read (no single valid SPF record there)`;
const RETURN_PATH_SPF_FIRST = { evaluated: false, reason: UNREAD_INCLUDE };
const RETURN_PATH_SPF_ACTIVE = {
  evaluated: true,
  domain: noDot(RETURN_PATH.host),
  addressesFrom: `include:${OUR_INCLUDE}`,
  addresses: [{ address: '192.0.2.0', result: 'none', mechanism: null, decidedIn: null, lookups: 0 }],
  summary: `SPF for the return path ${RETURN_PATH.host} gives "none" to 192.0.2.0: ${RETURN_PATH.host} (an alias of ${noDot(RETURN_PATH.value)}) has no TXT records (NXDOMAIN), so no SPF record.`,
};

const firstCheckRecords = [
  record(456, DKIM2, { status: 'mismatch', foundValues: [APPENDED], diagnosis: DKIM_DIAGNOSIS, at: FIRST_CHECK }),
  record(457, RETURN_PATH, { status: 'valid', foundValues: [noDot(RETURN_PATH.value)], at: FIRST_CHECK }),
  record(458, DKIM1, { status: 'missing', diagnosis: `No CNAME record found at ${DKIM1.host}.`, at: FIRST_CHECK }),
  record(459, SPF, { status: 'mismatch', foundValues: [THEIR_SPF], diagnosis: SPF_DIAGNOSIS, suggestedValue: MERGED_SPF, at: FIRST_CHECK }),
  record(460, DMARC, { status: 'missing', diagnosis: DMARC_DIAGNOSIS, suggestedValue: 'v=DMARC1; p=none;', at: FIRST_CHECK }),
];
const firstCheck = domainDto({
  domain: 'example.com',
  status: 'pending',
  ...SHOP,
  records: firstCheckRecords,
  checks: {
    // (what the provider zone serves behind the CNAMEs: not yet published by the operator)
    dkim: kind({ status: 'waiting_for_user', attempts: 1, error: DKIM_DIAGNOSIS, details: { providerKeys: { cm1: 'missing', cm2: 'missing' } } }),
    returnPath: kind({ status: 'verified', attempts: 1, completedAt: FIRST_CHECK, details: { mailFrom: RETURN_PATH.host, spf: RETURN_PATH_SPF_FIRST } }),
    spf: kind({
      status: 'waiting_for_user',
      attempts: 1,
      error: SPF_DIAGNOSIS,
      details: {
        record: THEIR_SPF,
        lookups: 1,
        voidLookups: 0,
        includesOurs: false,
        via: [],
        addressesFrom: null,
        evaluation: `${UNREAD_INCLUDE}, so the record was walked for include:${OUR_INCLUDE} instead of evaluated for our addresses.`,
      },
    }),
    dmarc: kind({ status: 'waiting_for_user', attempts: 1, error: DMARC_DIAGNOSIS }),
  },
  lastCheckedAt: FIRST_CHECK,
  nextCheckAt: RETRY,
});

const THEIR_DMARC = 'v=DMARC1; p=none; rua=mailto:dmarc@example.com';
const activeRecords = [
  record(456, DKIM2, { status: 'valid', foundValues: [noDot(DKIM2.value)], at: VERIFIED }),
  record(457, RETURN_PATH, { status: 'valid', foundValues: [noDot(RETURN_PATH.value)], at: VERIFIED }),
  record(458, DKIM1, { status: 'valid', foundValues: [noDot(DKIM1.value)], at: VERIFIED }),
  record(459, SPF, { status: 'valid', foundValues: [MERGED_SPF], at: VERIFIED }),
  record(460, DMARC, { status: 'valid', foundValues: [THEIR_DMARC], diagnosis: DMARC_NONE, at: VERIFIED }),
];
const ACTIVE_FIELDS = {
  domain: 'example.com',
  ...SHOP,
  records: activeRecords,
  checks: {
    dkim: kind({ status: 'verified', attempts: 2, completedAt: VERIFIED, details: { providerKeys: { cm1: 'published', cm2: 'published' } } }),
    returnPath: kind({ status: 'verified', attempts: 2, completedAt: FIRST_CHECK, details: { mailFrom: RETURN_PATH.host, spf: RETURN_PATH_SPF_ACTIVE } }),
    spf: kind({
      status: 'verified',
      attempts: 2,
      completedAt: VERIFIED,
      details: {
        record: MERGED_SPF,
        lookups: 2,
        voidLookups: 0,
        includesOurs: true,
        via: [],
        addressesFrom: `include:${OUR_INCLUDE}`,
        addresses: [{ address: '192.0.2.0', result: 'pass', mechanism: `include:${OUR_INCLUDE}`, decidedIn: 'example.com', lookups: 2 }],
      },
    }),
    dmarc: kind({
      status: 'verified',
      attempts: 2,
      completedAt: VERIFIED,
      details: {
        policy: 'none',
        subdomainPolicy: null,
        effectivePolicy: 'none',
        rua: ['mailto:dmarc@example.com'],
        pct: 100,
        inheritedFrom: null,
        alignment: {
          spf: 'aligned',
          dkim: 'aligned',
          reason: `SPF aligns: the return path ${RETURN_PATH.host} shares the organisational domain example.com (relaxed, aspf=r). DKIM aligns: we sign with d=example.com (relaxed, adkim=r).`,
        },
      },
    }),
  },
  lastCheckedAt: VERIFIED,
};
const active = domainDto({ ...ACTIVE_FIELDS, status: 'active', updatedAt: VERIFIED, statusChangedAt: VERIFIED, verifiedAt: VERIFIED, nextCheckAt: RECHECK });
const suspended = domainDto({
  ...ACTIVE_FIELDS,
  status: 'suspended',
  suspension: { reason: 'bounce rate too high', at: SUSPENDED },
  updatedAt: SUSPENDED,
  statusChangedAt: SUSPENDED,
  verifiedAt: VERIFIED,
  nextCheckAt: null,
});

// ---- other registrations ----

const OWNERSHIP_TOKEN = 'sds-verification=4krKr7ilCKmG4FsI3_3nrcy_EwyH5_7F';
const SHOP_OPTIONS = { mailFromSubdomain: 'bounce', receiving: true, trackingPrefix: 'email', ownershipToken: OWNERSHIP_TOKEN };
const withOptions = domainDto({
  id: 124,
  domain: 'shop.example.com',
  status: 'pending',
  records: builtinSpecs('shop.example.com', SHOP_OPTIONS).map((s, i) => record(461 + i, s)),
  checks: waiting(['dkim', 'returnPath', 'spf', 'dmarc', 'mx', 'tracking', 'ownership']),
  settings: { requireTls: true, spamAction: 'tag', webScheme: 'https' },
  trackingPrefix: 'email',
  mailFromSubdomain: 'bounce',
  receiving: true,
});

const SES_TOKENS = ['273ca5bac7fd557f6fef234ec8d9ac86', '75255fe4f69a4006f53c1300040f75b3', '5ffbace63766384cacd728f301170a51'];
const sesSpecs: Spec[] = [
  ...SES_TOKENS.map((token): Spec => ({ purpose: 'dkim', required: true, type: 'CNAME', host: `${token}._domainkey.news.example.com`, value: `${token}.dkim.amazonses.com.`, priority: null })),
  { purpose: 'spf', required: false, type: 'TXT', host: 'news.example.com', value: 'v=spf1 include:amazonses.com ~all', priority: null },
  { purpose: 'dmarc', required: false, type: 'TXT', host: '_dmarc.news.example.com', value: 'v=DMARC1; p=none;', priority: null },
];
const ses = domainDto({ id: 125, domain: 'news.example.com', status: 'pending', provider: 'ses', region: 'eu-west-1', records: sesSpecs.map((s, i) => record(469 + i, s)), checks: waiting(['dkim', 'spf', 'dmarc']) });

const idn = domainDto({
  id: 126,
  domain: 'bücher.de',
  asciiDomain: 'xn--bcher-kva.de',
  status: 'pending',
  records: builtinSpecs('xn--bcher-kva.de').map((s, i) => record(474 + i, s)),
  checks: waiting(SEED_KINDS),
});

// ---- the domains routes ----

export const DOMAIN_EXAMPLES = {
  registerRequest: {
    minimal: ex('The name only: the built-in provider, the recommended records', { domain: 'example.com' }),
    described: ex('With your own fields and a contact address', { domain: 'example.com', ...SHOP }),
    everyOption: ex('Every record option', {
      domain: 'shop.example.com',
      mailFromSubdomain: 'bounce',
      receiving: true,
      trackingPrefix: 'email',
      ownershipToken: true,
      settings: { requireTls: true, spamAction: 'tag', webScheme: 'https' },
    }),
    ses: ex('Sent by Amazon SES, in its region', { domain: 'news.example.com', provider: 'ses', region: 'eu-west-1' }),
    idn: ex('An internationalised name (stored as punycode)', { domain: 'bücher.de' }),
  },
  registered: {
    described: ex('Registered: every record to publish', registered),
    everyOption: ex('Registered with every record option', withOptions),
    ses: ex('Registered at Amazon SES: its DKIM tokens', ses),
    idn: ex('An internationalised name', idn),
  },
  domain: {
    active: ex('Active: every record verified', active),
    pending: ex('Pending: what is wrong, per record', firstCheck),
    suspended: ex('Suspended', suspended),
  },
  verified: {
    active: ex('Everything found: active', active),
    pending: ex('Still pending: what is wrong, per record', firstCheck),
  },
  updateRequest: {
    fields: ex('Your own fields, and the default flag', { description: 'Shop mail', externalId: 'client_domain_123', metadata: { client_name: 'Acme Corp' }, isDefault: true }),
    suspend: ex('Suspend', { status: 'suspended', reason: 'bounce rate too high' }),
    resume: ex('Leave a suspension (verified at once)', { status: 'active' }),
    tracking: ex('Change the tracking record', { trackingPrefix: 'links' }),
  },
  updated: {
    suspended: ex('Suspended', suspended),
    resumed: ex('Resumed: verified at once, active again', active),
  },
  list: {
    page: ex('A page', { items: [active], total: 1, limit: 20, offset: 0 }),
    empty: ex('Nothing matches', { items: [], total: 0, limit: 20, offset: 0 }),
  },
  records: {
    pending: ex('After a check that found mistakes', { items: firstCheckRecords, total: firstCheckRecords.length }),
    active: ex('All verified', { items: activeRecords, total: activeRecords.length }),
  },
  deleted: { deleted: ex('Deleted', { success: true, message: 'Domain deleted', deletedAt: DELETED }) },
};

/** The zone file of the registered example.com, as the route renders it. */
export const ZONE_FILE_EXAMPLE = [
  '; DNS records for example.com',
  '; Paste into the zone of example.com (names are fully qualified; TTL 3600 s).',
  '',
  '; DKIM: signs your mail (required)',
  `${DKIM2.host}.\t3600\tIN\tCNAME\t${DKIM2.value}`,
  '',
  '; Return path (MAIL FROM): bounces and SPF alignment (required)',
  `${RETURN_PATH.host}.\t3600\tIN\tCNAME\t${RETURN_PATH.value}`,
  '',
  '; DKIM: signs your mail (required)',
  `${DKIM1.host}.\t3600\tIN\tCNAME\t${DKIM1.value}`,
  '',
  '; SPF: authorises the provider to send for the domain (recommended)',
  `example.com.\t3600\tIN\tTXT\t"${SPF.value}"`,
  '',
  '; DMARC: tells receivers what to do with mail that fails (recommended)',
  `_dmarc.example.com.\t3600\tIN\tTXT\t"${DMARC.value}"`,
  '',
].join('\n');

// ---- API keys ----

const NEW_KEY = 'sds_r9Mnki0LZwAI5nnVMk26SmSBd1-o1uHdHEhBu49g3Oc';
export const EXAMPLE_KEY_ID = CREATED_BY;
export const KEY_PATH = `/api/v1/api-keys/${EXAMPLE_KEY_ID}`;
const KEY_CREATED = '2025-03-14T09:20:04.118Z';
const readKey = {
  id: EXAMPLE_KEY_ID,
  name: 'billing-service',
  prefix: NEW_KEY.slice(0, 10),
  accountIds: [EXAMPLE_ACCOUNT],
  permissions: ['EmailConfiguration_Create', 'EmailConfiguration_Read'],
  createdAt: KEY_CREATED,
  revokedAt: null,
};
export const API_KEY_EXAMPLES = {
  createRequest: {
    service: ex('A key for one account, to register and read domains', { name: 'billing-service', accountIds: [EXAMPLE_ACCOUNT], permissions: ['EmailConfiguration_Create', 'EmailConfiguration_Read'] }),
    manager: ex('A key that manages keys on every account', { name: 'key-manager', accountIds: ['*'], permissions: ['ApiKeys_Manage'] }),
  },
  created: { service: ex('Created: the secret is shown this once', { ...readKey, key: NEW_KEY }) },
  list: {
    page: ex('A page, newest first', {
      items: [
        readKey,
        {
          id: 'e4694150-8ba6-4e91-af68-dd2a0a3a986a',
          name: 'dashboard',
          prefix: 'sds_En2-NQ',
          accountIds: [EXAMPLE_ACCOUNT],
          permissions: ['EmailConfiguration_Read'],
          createdAt: '2025-02-27T13:44:19.602Z',
          revokedAt: null,
        },
      ],
      total: 2,
      limit: 20,
      offset: 0,
    }),
  },
};

// ---- problems ----

/** An answer of the native API's problem filter. */
export function problem(status: number, code: string, detail: string, instance: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail, instance, ...extra };
}

const unknownQuery = (instance: string) =>
  ex('A query parameter the route does not take', problem(400, 'VALIDATION_FAILED', 'unknown query parameter "foo"', `${instance}?foo=bar`, { field: 'foo', errors: [{ field: 'foo', message: 'unknown query parameter "foo"' }] }));

/**
 * Examples every route shares, for its own URL: a query parameter it does not take (400), no or
 * an unknown key (401), a key without the route's permission (403), a body that is not JSON
 * (415), the database down (503).
 */
export function commonProblemExamples(instance: string, permission?: string): Partial<Record<number, Examples>> {
  return {
    400: { unknownQuery: unknownQuery(instance) },
    401: {
      missing: ex('No API key', problem(401, 'UNAUTHORIZED', 'Missing API key: send Authorization: Bearer <key>', instance)),
      unknown: ex('An unknown or revoked key', problem(401, 'UNAUTHORIZED', 'Missing or invalid API key', instance)),
    },
    403: { permission: ex('The key lacks the permission', problem(403, 'FORBIDDEN', 'Access denied - insufficient permissions', instance, permission ? { required: permission } : {})) },
    415: { notJson: ex('The body is not JSON', problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json, got "text/plain"', instance)) },
    503: { unavailable: ex('The database does not answer', problem(503, 'UNAVAILABLE', UNAVAILABLE_MESSAGE, instance)) },
  };
}

const idempotency = (instance: string): Examples => ({
  reused: ex('The Idempotency-Key was used for another request', problem(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key for a new request', instance)),
  inProgress: ex('The first request with this Idempotency-Key is still running', problem(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment', instance)),
});

const domainNotFound = (instance: string): Examples => ({ notFound: ex('No such domain in the account (or another account\'s)', problem(404, 'DOMAIN_NOT_FOUND', 'Domain not found', instance)) });
const badDomainId = (instance: string) =>
  ex('A domain id that is not one', problem(400, 'VALIDATION_FAILED', 'Invalid request parameters', instance, { field: 'domainId', errors: [{ field: 'domainId', message: 'domainId must be an integer from 1 to 2147483647' }] }));
const badAccount = (instance: string) => ex('An account id that is not a UUID', problem(400, 'VALIDATION_FAILED', 'accountId must be a UUID', instance, { field: 'accountId' }));

/** Route-specific problem examples, by route. */
export const PROBLEM_EXAMPLES = {
  register: {
    400: {
      suffix: ex('A bare public suffix', problem(400, 'DOMAIN_INVALID', 'Invalid domain name "co.uk": "co.uk" is a public suffix; register a domain below it', DOMAINS, { reason: '"co.uk" is a public suffix; register a domain below it' })),
      unknownField: ex('A field the route does not take', problem(400, 'VALIDATION_FAILED', 'unknown field "name"', DOMAINS, { field: 'name', errors: [{ field: 'name', message: 'unknown field "name"' }] })),
      account: badAccount('/api/v1/accounts/not-a-uuid/domains'),
    },
    404: { emptyAccount: ex('No account in the path', problem(404, 'NOT_FOUND', 'No such route', '/api/v1/accounts//domains')) },
    409: { exists: ex('Registered already', problem(409, 'DOMAIN_EXISTS', 'Domain already exists for this account', DOMAINS, { domain: 'example.com' })), ...idempotency(DOMAINS) },
  },
  list: {
    400: {
      limit: ex('A limit out of range', problem(400, 'VALIDATION_FAILED', 'limit must not be greater than 1000', `${DOMAINS}?limit=5000`, { field: 'limit', errors: [{ field: 'limit', message: 'limit must not be greater than 1000' }] })),
      account: badAccount('/api/v1/accounts/not-a-uuid/domains'),
    },
    404: { otherAccount: ex('An account the key may not see', problem(404, 'DOMAIN_NOT_FOUND', 'Resource not found', '/api/v1/accounts/11111111-2222-4333-8444-555555555555/domains')) },
  },
  domain: (suffix = '') => ({
    400: { domainId: badDomainId(`${DOMAINS}/abc${suffix}`) },
    404: domainNotFound(`${DOMAIN}${suffix}`),
  }),
  update: {
    400: {
      domainId: badDomainId(`${DOMAINS}/abc`),
      type: ex('A field of the wrong type', problem(400, 'VALIDATION_FAILED', 'isDefault must be a boolean value', DOMAIN, { field: 'isDefault', errors: [{ field: 'isDefault', message: 'isDefault must be a boolean value' }] })),
    },
    404: domainNotFound(DOMAIN),
    409: {
      transition: ex(
        'A status only verification may set',
        problem(409, 'INVALID_TRANSITION', 'status can only be set to "suspended", or to "active" to leave a suspension; verification decides the rest', DOMAIN, { requested: 'failed' }),
      ),
    },
  },
  verify: {
    400: { domainId: badDomainId(`${DOMAINS}/abc/verify`) },
    404: domainNotFound(`${DOMAIN}/verify`),
    409: idempotency(`${DOMAIN}/verify`),
    422: { suspended: ex('A suspended domain', problem(422, 'VERIFICATION_FAILED', 'A suspended domain is not verified; set its status to "active" to resume it', `${DOMAIN}/verify`)) },
  },
  createKey: {
    400: { accounts: ex('No accounts', problem(400, 'VALIDATION_FAILED', 'accountIds should not be empty', '/api/v1/api-keys', { field: 'accountIds', errors: [{ field: 'accountIds', message: 'accountIds should not be empty' }] })) },
    403: { widen: ex('More than the calling key has', problem(403, 'FORBIDDEN', 'A key can only grant accounts and permissions it has itself', '/api/v1/api-keys')) },
    409: idempotency('/api/v1/api-keys'),
  },
  listKeys: {
    400: { limit: ex('A limit out of range', problem(400, 'VALIDATION_FAILED', 'limit must not be less than 1', '/api/v1/api-keys?limit=0', { field: 'limit', errors: [{ field: 'limit', message: 'limit must not be less than 1' }] })) },
  },
  revokeKey: {
    400: { id: ex('A key id that is not a UUID', problem(400, 'VALIDATION_FAILED', 'id must be a UUID', '/api/v1/api-keys/42', { field: 'id' })) },
    404: { notFound: ex('No such key (or one outside the calling key\'s accounts)', problem(404, 'API_KEY_NOT_FOUND', 'API key not found', KEY_PATH)) },
    409: {
      last: ex(
        'The last key that manages keys on every account',
        problem(409, 'LAST_MANAGER_KEY', 'This is the last active key that can manage keys on every account; create another such key before revoking this one', KEY_PATH),
      ),
    },
  },
} satisfies Record<string, Partial<Record<number, Examples>> | ((suffix?: string) => Partial<Record<number, Examples>>)>;
