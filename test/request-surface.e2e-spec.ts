/**
 * The request surface of both APIs, end to end: query parameters a route does not declare are
 * refused on every route (not only where a route declares some), a request with an empty path
 * parameter gets an answer its operation documents, and every example of the OpenAPI document is
 * a real, consistent answer of this service.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { documentOperationalAnswers } from '../apps/api/src/common/operational-answers.js';
import { EXAMPLES as SEED_EXAMPLES } from '../apps/api/src/email-configuration-v1/email-configuration.examples.js';
import { API_KEY_EXAMPLES, DOMAIN_EXAMPLES, ZONE_FILE_EXAMPLE } from '../apps/api/src/v1/native.examples.js';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { TestDnsServer } from './support/dns-server.js';
import { auth, CM, expectedRecords, PROVIDER_ZONE, publish, SEED_ACCOUNT } from './support/domains.js';
import { placeholdersIn, schemaExamples, type Shown, shownExamples } from './support/openapi-examples.js';

const admin = auth(ADMIN_KEY);
const NATIVE = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;

describe('request surface', () => {
  let t: TestApp;
  let domainId: number;
  let keyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    domainId = (await t.http.post(NATIVE).set(admin).send({ domain: 'surface.example.com' }).expect(201)).body.id;
    keyId = (await t.http.post('/api/v1/api-keys').set(admin).send({ accountIds: [SEED_ACCOUNT], permissions: ['EmailConfiguration_Read'] }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('unknown query parameters', () => {
    type Route = { label: string; method: 'get' | 'post' | 'patch' | 'delete'; path: () => string; body?: object };
    /** Every route that declares no query parameter, with a request it would otherwise carry out. */
    const seedRoutes: Route[] = [
      { label: 'POST /configuration', method: 'post', path: () => `${CM}/configuration`, body: { domain: 'query-a.example.com', accountId: SEED_ACCOUNT, emailAddress: 'a@example.com' } },
      { label: 'GET /configuration/accounts/{id}', method: 'get', path: () => `${CM}/configuration/accounts/${SEED_ACCOUNT}` },
      { label: 'GET /configuration/dns/accounts/{id}/domains/{id}', method: 'get', path: () => `${CM}/configuration/dns/accounts/${SEED_ACCOUNT}/domains/${domainId}` },
      { label: 'DELETE /configuration/dns/domains/{id}', method: 'delete', path: () => `${CM}/configuration/dns/domains/${domainId}` },
    ];
    const nativeRoutes: Route[] = [
      { label: 'POST …/domains', method: 'post', path: () => NATIVE, body: { domain: 'query-b.example.com' } },
      { label: 'GET …/domains/{id}', method: 'get', path: () => `${NATIVE}/${domainId}` },
      { label: 'PATCH …/domains/{id}', method: 'patch', path: () => `${NATIVE}/${domainId}`, body: { description: 'changed' } },
      { label: 'GET …/domains/{id}/dns-records', method: 'get', path: () => `${NATIVE}/${domainId}/dns-records` },
      { label: 'GET …/domains/{id}/zone-file', method: 'get', path: () => `${NATIVE}/${domainId}/zone-file` },
      { label: 'POST …/domains/{id}/verify', method: 'post', path: () => `${NATIVE}/${domainId}/verify` },
      { label: 'DELETE …/domains/{id}', method: 'delete', path: () => `${NATIVE}/${domainId}` },
      { label: 'POST /api/v1/api-keys', method: 'post', path: () => '/api/v1/api-keys', body: { accountIds: [SEED_ACCOUNT], permissions: ['EmailConfiguration_Read'] } },
      { label: 'DELETE /api/v1/api-keys/{id}', method: 'delete', path: () => `/api/v1/api-keys/${keyId}` },
    ];
    const send = (route: Route, query: string, headers: Record<string, string> = admin) => {
      const req = t.http[route.method](`${route.path()}?${query}`).set(headers);
      return route.body ? req.send(route.body) : req;
    };

    it.each(seedRoutes.map((r) => [r.label, r] as const))("the Email Configuration API refuses them on %s, in the route's envelope", async (_, route) => {
      const res = await send(route, 'foo=bar').expect(400);
      expect(res.body.statusCode).toBe('InvalidRequest');
      expect(res.body.statusMessage ?? res.body.message).toBe('unknown query parameter "foo"');
    });

    it.each(nativeRoutes.map((r) => [r.label, r] as const))('the native API refuses them on %s, as problem+json naming the field', async (_, route) => {
      const res = await send(route, 'foo=bar').expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'unknown query parameter "foo"', field: 'foo', errors: [{ field: 'foo', message: 'unknown query parameter "foo"' }] });
    });

    it('a refused request changes nothing: no domain registered, none deleted or changed, no key created or revoked', async () => {
      const before = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM sending_domains');
      const keysBefore = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL');
      for (const route of [...seedRoutes, ...nativeRoutes]) await send(route, 'foo=bar').expect(400);
      expect(await t.sql('SELECT count(*)::int AS n FROM sending_domains')).toEqual(before);
      expect(await t.sql('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL')).toEqual(keysBefore);
      const domain = await t.http.get(`${NATIVE}/${domainId}`).set(admin).expect(200);
      expect(domain.body.description).toBeNull();
    });

    it('every unknown parameter is named, the first in the message', async () => {
      const res = await t.http.get(`${NATIVE}/${domainId}?foo=1&bar=2`).set(admin).expect(400);
      expect(res.body).toMatchObject({ detail: 'unknown query parameter "foo"', field: 'foo' });
      expect(res.body.errors).toEqual([
        { field: 'foo', message: 'unknown query parameter "foo"' },
        { field: 'bar', message: 'unknown query parameter "bar"' },
      ]);
      // a parameter without a value is still a parameter, and a name that reaches a prototype is a name
      await t.http.get(`${NATIVE}/${domainId}?debug`).set(admin).expect(400);
      const proto = await t.http.get(`${NATIVE}/${domainId}?__proto__=x`).set(admin).expect(400);
      expect(proto.body).toMatchObject({ detail: 'unknown query parameter "__proto__"', field: '__proto__' });
      // an empty query string is none
      await t.http.get(`${NATIVE}/${domainId}?`).set(admin).expect(200);
    });

    it('a refused request leaves its Idempotency-Key free', async () => {
      const headers = { ...admin, 'Idempotency-Key': 'refused-then-sent-again' };
      await t.http.post(`${NATIVE}?foo=bar`).set(headers).send({ domain: 'query-idempotent.example.com' }).expect(400);
      await t.http.post(NATIVE).set(headers).send({ domain: 'query-idempotent.example.com' }).expect(201);
    });

    it('is checked after authentication: without a key the answer is still 401', async () => {
      await t.http.post(`${CM}/configuration?foo=bar`).send({ domain: 'query-c.example.com', accountId: SEED_ACCOUNT, emailAddress: 'a@example.com' }).expect(401);
      await t.http.get(`${NATIVE}/${domainId}?foo=bar`).expect(401);
      await t.http.post('/api/v1/api-keys?foo=bar').send({ accountIds: [SEED_ACCOUNT], permissions: ['EmailConfiguration_Read'] }).expect(401);
    });

    it('routes that declare query parameters keep their own checks', async () => {
      await t.http.get(`${NATIVE}?limit=5&sort=-createdAt`).set(admin).expect(200);
      const list = await t.http.get(`${NATIVE}?limit=5&foo=1`).set(admin).expect(400);
      expect(list.body).toMatchObject({ detail: 'unknown query parameter "foo"', field: 'foo' });
      await t.http.get('/api/v1/api-keys?limit=5').set(admin).expect(200);
      const verify = await t.http.post(`${CM}/dns/accounts/${SEED_ACCOUNT}/verify?domain=surface.example.com&foo=1`).set(admin).expect(400);
      expect(verify.body).toEqual({ statusCode: 'InvalidRequest', message: 'unknown query parameter "foo"', dnsEntries: [] });
    });

    it('the probes, /metrics and the docs ignore them (load balancers and scrapers add their own)', async () => {
      await t.http.get('/health?_=1700000000000').expect(200);
      await t.http.get('/health/live?probe=lb').expect(200);
      await t.http.get('/health/ready?probe=lb').expect(200);
      await t.http.get('/metrics?format=text').expect(200);
      await t.http.get('/docs-json?v=1').expect(200);
    });
  });

  describe('empty path parameters', () => {
    const valid: Record<string, () => string> = {
      logicalAccountId: () => SEED_ACCOUNT,
      accountId: () => SEED_ACCOUNT,
      domainId: () => String(domainId),
      id: () => keyId,
      domain: () => 'surface.example.com',
      deliveryId: () => keyId,
    };

    it('every operation answers a request with an empty path parameter as its document says', async () => {
      let sent = 0;
      for (const { method, template, operation } of t.contract.operations()) {
        const params = (operation.parameters ?? []).filter((p) => p.in === 'path');
        for (const empty of params) {
          const path = params.reduce((url, p) => url.replace(`{${p.name}}`, p === empty ? '' : valid[p.name]!()), template);
          const query = (operation.parameters ?? []).some((p) => p.in === 'query' && p.name === 'domain') ? '?domain=surface.example.com' : '';
          let req = (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method]!(`${path}${query}`).set(admin);
          if (operation.requestBody) req = req.send({});
          // the contract check inside t.http fails on an answer the document does not list
          const res = await req;
          expect(res.status).toBeLessThan(500);
          sent++;
        }
      }
      expect(sent).toBeGreaterThanOrEqual(15);
    });

    it('POST …/dns/accounts//verify is a documented 404, in the seed envelope', async () => {
      const url = `${CM}/dns/accounts//verify?domain=surface.example.com`;
      const res = await t.http.post(url).set(admin).expect(404);
      expect(res.body).toEqual({ statusCode: 'NotFound', statusMessage: 'Resource not found' });
      const found = t.contract.find('post', url);
      expect(found?.template).toBe(`${CM}/dns/accounts/{logicalAccountId}/verify`);
      expect(Object.keys(found!.operation.responses)).toContain('404');
    });

    it('POST /api/v1/accounts//domains is a documented 404 problem', async () => {
      const res = await t.http.post('/api/v1/accounts//domains').set(admin).send({ domain: 'empty.example.com' }).expect(404);
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No such route', instance: '/api/v1/accounts//domains' });
      expect(Object.keys(t.contract.find('post', '/api/v1/accounts//domains')!.operation.responses)).toContain('404');
    });
  });

  describe('examples in the OpenAPI document', () => {
    const SURFACES = [`${CM}/`, '/api/'];
    let shown: Shown[];
    /**
     * The statuses documentOperationalAnswers adds to operations (503, 429, …), with a schema and no
     * example: Swagger UI makes theirs from the shared error schema, so it cannot fit each status.
     */
    let operational: Set<number>;
    const fromOperationalAnswers = (s: Shown) => !s.explicit && s.status !== undefined && operational.has(s.status);
    beforeAll(() => {
      shown = shownExamples(t.contract.document, SURFACES);
      const probe = documentOperationalAnswers({
        paths: { [`${CM}/configuration`]: { post: { responses: {}, security: [{ bearer: [] }] } }, '/api/v1/api-keys': { post: { responses: {}, security: [{ bearer: [] }] } } },
      } as unknown as OpenAPIObject);
      operational = new Set(Object.values(probe.paths).flatMap((item) => Object.keys(item.post!.responses).map(Number)));
    });

    it('are written out for every request body and answer of both surfaces', () => {
      expect(shown.filter((s) => s.explicit).length).toBeGreaterThan(100);
      expect(shown.filter((s) => !s.explicit && !fromOperationalAnswers(s)).map((s) => s.where)).toEqual([]);
    });

    it('each validates against its own schema', () => {
      const broken = [
        ...shown.map((s) => ({ where: s.where, error: t.contract.errorsOf(s.schema, s.value) })),
        ...schemaExamples(t.contract.document).map((s) => ({ where: s.where, error: t.contract.errorsOf(s.schema, s.value) })),
      ].filter((b) => b.error !== undefined);
      expect(broken).toEqual([]);
    });

    it('none shows a placeholder: "string", additionalProp1, a made-up UUID or time', () => {
      const found = shown.flatMap((s) => placeholdersIn(s.value).map((p) => `${s.where}: ${p}`));
      expect(found).toEqual([]);
    });

    it('each is an answer this service gives: consistent in itself and with its status and route', () => {
      // the operational answers are held to these rules once they carry examples of their own
      const found = shown.filter((s) => !fromOperationalAnswers(s)).flatMap((s) => inconsistencies(s).map((p) => `${s.where}: ${p}`));
      expect(found).toEqual([]);
    });
  });
});

/** Ids, times, key secrets and tokens are new in every answer; the rest of an example is what the service says. */
function comparable(value: unknown): unknown {
  const generated = /^(id|fromDomain|createdBy|key|prefix|at|createdOn|modifiedOn|deletedOn)$|At$/;
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
      if (generated.test(key) && v !== null) return `<${key}>`;
      if (key === 'value' && this.purpose === 'ownership') return '<token>';
      return v;
    }),
  );
}

describe('the examples are what the service answers to the same requests', () => {
  let t: TestApp;
  let dns: TestDnsServer;
  const ACCT = SEED_ACCOUNT.replace(/-/g, '');
  beforeAll(async () => {
    dns = await TestDnsServer.start();
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '500', DNS_TRIES: '1' } });
  });
  afterAll(async () => {
    await t.close();
    await dns.stop();
  });

  it('native API: example.com registered, checked with the usual mistakes, fixed, active, suspended; every option; an IDN; an API key', async () => {
    const api = (path = '') => `${NATIVE}${path}`;
    const registered = await t.http.post(api()).set(admin).send(DOMAIN_EXAMPLES.registerRequest.described.value).expect(201);
    expect(comparable(registered.body)).toEqual(comparable(DOMAIN_EXAMPLES.registered.described.value));
    expect((await t.http.get(api(`/${registered.body.id}/zone-file`)).set(admin).expect(200)).text).toBe(ZONE_FILE_EXAMPLE);

    // the value without its final dot (the DNS host appended the zone), cm1 not yet published, SPF without our include
    dns.set(`cm2${ACCT}._domainkey.example.com`, 'CNAME', `${ACCT}cm2._domainkey.${PROVIDER_ZONE}.example.com`);
    dns.set(`cm${ACCT}.example.com`, 'CNAME', `${ACCT}.${PROVIDER_ZONE}`);
    dns.set('example.com', 'TXT', 'v=spf1 include:_spf.google.com ~all');
    dns.set('_spf.google.com', 'TXT', 'v=spf1 ip4:209.85.128.0/17 ~all');
    const pending = await t.http.post(api(`/${registered.body.id}/verify`)).set(admin).expect(200);
    expect(comparable(pending.body)).toEqual(comparable(DOMAIN_EXAMPLES.verified.pending.value));

    dns.set(`cm2${ACCT}._domainkey.example.com`, 'CNAME', `${ACCT}cm2._domainkey.${PROVIDER_ZONE}`);
    dns.set(`cm1${ACCT}._domainkey.example.com`, 'CNAME', `${ACCT}cm1._domainkey.${PROVIDER_ZONE}`);
    dns.set('example.com', 'TXT', `v=spf1 include:_spf.google.com include:_spf.${PROVIDER_ZONE} ~all`);
    dns.set(`_spf.${PROVIDER_ZONE}`, 'TXT', 'v=spf1 ip4:192.0.2.0/24 -all');
    dns.set('_dmarc.example.com', 'TXT', 'v=DMARC1; p=none; rua=mailto:dmarc@example.com');
    // the provider zone served as it should be: our two keys behind the CNAMEs
    const zone = (await t.http.get('/api/v1/provider-zone').set(admin).expect(200)).body as { records: { host: string; type: string; value: string }[] };
    for (const r of zone.records.filter((r) => r.type === 'TXT' && r.host.includes('._domainkey.'))) dns.set(r.host, 'TXT', r.value);
    const active = await t.http.post(api(`/${registered.body.id}/verify`)).set(admin).expect(200);
    expect(comparable(active.body)).toEqual(comparable(DOMAIN_EXAMPLES.verified.active.value));
    const suspended = await t.http.patch(api(`/${registered.body.id}`)).set(admin).send(DOMAIN_EXAMPLES.updateRequest.suspend.value).expect(200);
    expect(comparable(suspended.body)).toEqual(comparable(DOMAIN_EXAMPLES.updated.suspended.value));

    const everyOption = await t.http.post(api()).set(admin).send(DOMAIN_EXAMPLES.registerRequest.everyOption.value).expect(201);
    expect(comparable(everyOption.body)).toEqual(comparable(DOMAIN_EXAMPLES.registered.everyOption.value));
    const idn = await t.http.post(api()).set(admin).send(DOMAIN_EXAMPLES.registerRequest.idn.value).expect(201);
    expect(comparable(idn.body)).toEqual(comparable(DOMAIN_EXAMPLES.registered.idn.value));
    const deleted = await t.http.delete(api(`/${everyOption.body.id}`)).set(admin).expect(200);
    expect(comparable(deleted.body)).toEqual(comparable(DOMAIN_EXAMPLES.deleted.deleted.value));

    const key = await t.http.post('/api/v1/api-keys').set(admin).send(API_KEY_EXAMPLES.createRequest.service.value).expect(201);
    expect(comparable(key.body)).toEqual(comparable(API_KEY_EXAMPLES.created.service.value));
  });

  it('Email Configuration API: registered, nothing published, some records, all three, listed', async () => {
    const { dnsRecords: _, ...request } = SEED_EXAMPLES.addRequest.subdomain.value as Record<string, unknown>;
    const domain = String(request.domain);
    const added = await t.http.post(`${CM}/configuration`).set(admin).send(request).expect(200);
    const addResponse = structuredClone(SEED_EXAMPLES.addResponse.success.value) as { domainConfig: Record<string, unknown> };
    expect(comparable(added.body)).toEqual(comparable(JSON.parse(JSON.stringify(addResponse).replaceAll('example.com', domain))));
    const verify = () => t.http.post(`${CM}/dns/accounts/${SEED_ACCOUNT}/verify`).query({ domain }).set(admin).expect(200);
    const asDomain = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('example.com', domain));
    expect((await verify()).body).toEqual(asDomain(SEED_EXAMPLES.verifyResponse.none.value));
    const [dkim2, returnPath, dkim1] = expectedRecords(SEED_ACCOUNT, domain);
    publish(dns, returnPath!);
    expect((await verify()).body).toEqual(asDomain(SEED_EXAMPLES.verifyResponse.partial.value));
    publish(dns, dkim2!, dkim1!);
    expect((await verify()).body).toEqual(asDomain(SEED_EXAMPLES.verifyResponse.verified.value));
    const listed = (await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(admin).expect(200)).body as { domains: { domain: string }[] };
    const listExample = asDomain(SEED_EXAMPLES.listResponse.success.value) as { domains: unknown[] };
    expect(comparable(listed.domains.find((d) => d.domain === domain))).toEqual(comparable(listExample.domains[0]));
    const records = await t.http.get(`${CM}/configuration/dns/accounts/${SEED_ACCOUNT}/domains/${added.body.domainConfig.id}`).set(admin).expect(200);
    expect(comparable(records.body)).toEqual(comparable(asDomain(SEED_EXAMPLES.recordsResponse.success.value)));
  });
});

// ---- what makes an example a real answer ----

const ZONE = PROVIDER_ZONE;
const hex = (accountId: string) => accountId.replace(/-/g, '').toLowerCase();
const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 503: 'Service Unavailable',
};
/** The native API's codes per status (README: errors). */
const PROBLEM_CODES: Record<number, string[]> = {
  400: ['VALIDATION_FAILED', 'DOMAIN_INVALID'],
  401: ['UNAUTHORIZED'],
  403: ['FORBIDDEN'],
  404: ['DOMAIN_NOT_FOUND', 'API_KEY_NOT_FOUND', 'NOT_FOUND', 'DKIM_KEYS_NOT_FOUND', 'WEBHOOK_NOT_FOUND', 'DELIVERY_NOT_FOUND'],
  409: ['DOMAIN_EXISTS', 'INVALID_TRANSITION', 'CONCURRENT_MODIFICATION', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS', 'LAST_MANAGER_KEY', 'STANDBY_NOT_PUBLISHED', 'WEBHOOK_DISABLED', 'DELIVERY_IN_PROGRESS'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  422: ['VERIFICATION_FAILED', 'NOT_SIGNABLE'],
  429: ['RATE_LIMITED'],
  503: ['UNAVAILABLE'],
};
/** Seed 000's `statusCode` per status. */
const CM_CODES: Record<number, string> = {
  200: 'Ok', 400: 'InvalidRequest', 401: 'Unauthorized', 404: 'NotFound', 409: 'Conflict', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 429: 'TooManyRequests', 503: 'ServiceUnavailable',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const time = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN);
const ordered = (...values: unknown[]) => values.every((v, i) => i === 0 || time(values[i - 1]) <= time(v));

/** Every object in a value, with the objects it lies in (nearest last). */
function objects(value: unknown, parents: Obj[] = []): { node: Obj; parents: Obj[] }[] {
  if (Array.isArray(value)) return value.flatMap((v) => objects(v, parents));
  if (!isObj(value)) return [];
  return [{ node: value, parents }, ...Object.values(value).flatMap((v) => objects(v, [...parents, value]))];
}

/** The built-in provider's records for an account and domain: host → value (a custom MAIL FROM moves the return path). */
function builtinScheme(accountId: string, domain: string, mailFrom?: unknown): Map<string, string> {
  const records = expectedRecords(accountId, domain, ZONE);
  if (typeof mailFrom === 'string') records[1]!.host = `${mailFrom}.${domain}`;
  return new Map(records.map((r) => [r.host, r.value]));
}

/** A record of the built-in scheme: its value follows from its host, the account and the domain. */
function builtinRecordProblems(record: Obj, parents: Obj[]): string[] {
  const host = String(record.host);
  const value = String(record.value);
  const owner = [...parents].reverse().find((p) => typeof p.accountId === 'string');
  const accountId = (owner?.accountId as string | undefined) ?? SEED_ACCOUNT;
  const named = /^cm[12]?([0-9a-f]{32})\.(?:_domainkey\.)?(.+)$/.exec(host);
  const ours = value.endsWith(`.${ZONE}.`) && /^[0-9a-f]{32}(cm[12]\._domainkey)?\./.test(value);
  if (!named && !ours) return [];
  const owning = [...parents].reverse().find((p) => typeof p.asciiDomain === 'string' || typeof p.domain === 'string');
  const domain = (owning?.asciiDomain ?? owning?.domain ?? named?.[2] ?? '') as string;
  const expected = builtinScheme(accountId, domain, owning?.mailFromSubdomain);
  if (expected.get(host) !== value) return [`${host} CNAME ${value} is not the built-in scheme for account ${accountId} and ${domain} (${[...expected].map(([h, v]) => `${h} → ${v}`).join(', ')})`];
  if (named && named[1] !== hex(accountId)) return [`${host} names account ${named[1]}, not ${hex(accountId)}`];
  return [];
}

function nativeDomainProblems(d: Obj): string[] {
  const out: string[] = [];
  const records = (d.dnsRecords ?? []) as Obj[];
  const checks = (d.checks ?? {}) as Record<string, Obj>;
  const verification = (d.verificationStatus ?? {}) as Record<string, boolean>;
  const name = `domain ${String(d.domain)}`;
  if (d.isValid !== (d.status === 'active')) out.push(`${name}: isValid ${String(d.isValid)} with status ${String(d.status)}`);
  if (d.provider === 'builtin' && d.region !== null) out.push(`${name}: the built-in provider with region ${String(d.region)}`);
  const dkim = records.filter((r) => r.purpose === 'dkim').map((r) => String(r.host).split('.')[0]);
  if (JSON.stringify(d.dkimTokens) !== JSON.stringify(dkim)) out.push(`${name}: dkimTokens ${JSON.stringify(d.dkimTokens)}, records ${JSON.stringify(dkim)}`);
  const purposes = [...new Set(records.map((r) => String(r.purpose)))].sort();
  if (JSON.stringify(Object.keys(checks).sort()) !== JSON.stringify(purposes) || JSON.stringify(Object.keys(verification).sort()) !== JSON.stringify(purposes)) {
    out.push(`${name}: checks ${Object.keys(checks).join(',')} / verificationStatus ${Object.keys(verification).join(',')} for records ${purposes.join(',')}`);
  }
  for (const [kind, check] of Object.entries(checks)) {
    if (verification[kind] !== (check.status === 'verified')) out.push(`${name}: verificationStatus.${kind} ${String(verification[kind])} with check ${String(check.status)}`);
    if ((check.status === 'verified') !== (check.completedAt !== null)) out.push(`${name}: check ${kind} ${String(check.status)} completed at ${String(check.completedAt)}`);
    if (!ordered(d.createdAt, check.requestedAt)) out.push(`${name}: check ${kind} requested before the domain was registered`);
    if ((check.attempts === 0) !== (d.lastCheckedAt === null)) out.push(`${name}: check ${kind} has ${String(check.attempts)} attempts, lastCheckedAt ${String(d.lastCheckedAt)}`);
  }
  const required = records.filter((r) => r.required);
  if (d.status === 'active' && !required.every((r) => r.isValid)) out.push(`${name}: active with a required record not valid`);
  if (d.status === 'pending' && required.length > 0 && required.every((r) => r.isValid)) out.push(`${name}: pending with every required record valid`);
  if (!ordered(d.createdAt, d.statusChangedAt, d.updatedAt)) out.push(`${name}: createdAt ${String(d.createdAt)}, statusChangedAt ${String(d.statusChangedAt)}, updatedAt ${String(d.updatedAt)} out of order`);
  const checked = records.map((r) => r.lastCheckedAt).filter((v) => v !== null).sort();
  if ((checked.at(-1) ?? null) !== d.lastCheckedAt) out.push(`${name}: lastCheckedAt ${String(d.lastCheckedAt)}, its records' last check ${String(checked.at(-1) ?? null)}`);
  if (d.status === 'active' && (d.verifiedAt === null || !ordered(d.createdAt, d.verifiedAt, d.updatedAt))) out.push(`${name}: active, verifiedAt ${String(d.verifiedAt)}`);
  if ((d.status === 'suspended') !== (d.suspension !== null)) out.push(`${name}: status ${String(d.status)} with suspension ${JSON.stringify(d.suspension)}`);
  if (d.status === 'suspended' ? d.nextCheckAt !== null : !ordered(d.createdAt, d.nextCheckAt)) out.push(`${name}: status ${String(d.status)} with nextCheckAt ${String(d.nextCheckAt)}`);
  if (d.receiving !== records.some((r) => r.purpose === 'mx')) out.push(`${name}: receiving ${String(d.receiving)} and its MX records disagree`);
  if ((d.trackingPrefix !== null) !== records.some((r) => r.purpose === 'tracking')) out.push(`${name}: trackingPrefix ${String(d.trackingPrefix)} and its tracking record disagree`);
  return out;
}

function recordStateProblems(r: Obj): string[] {
  const out: string[] = [];
  const name = `record ${String(r.host)}`;
  const found = (r.foundValues ?? []) as unknown[];
  if (r.isValid !== (r.status === 'valid')) out.push(`${name}: isValid ${String(r.isValid)} with status ${String(r.status)}`);
  if ((r.status === 'unchecked') !== (r.lastCheckedAt === null)) out.push(`${name}: status ${String(r.status)}, lastCheckedAt ${String(r.lastCheckedAt)}`);
  if ((r.status === 'valid' || r.status === 'mismatch') !== found.length > 0) out.push(`${name}: status ${String(r.status)} with foundValues ${JSON.stringify(found)}`);
  if ((r.status === 'mismatch' || r.status === 'missing') && !r.diagnosis) out.push(`${name}: ${String(r.status)} without a diagnosis`);
  if (r.status === 'unchecked' && (r.diagnosis !== null || r.suggestedValue !== null)) out.push(`${name}: unchecked, yet diagnosed`);
  if ((r.type === 'MX') !== (r.priority !== null)) out.push(`${name}: type ${String(r.type)} with priority ${String(r.priority)}`);
  return out;
}

function seedDomainProblems(d: Obj): string[] {
  const out: string[] = [];
  const records = (d.dnsRecords ?? []) as Obj[];
  const name = `domain ${String(d.domain)}`;
  if (d.isValid !== records.every((r) => r.isValid)) out.push(`${name}: isValid ${String(d.isValid)}, its records ${records.map((r) => r.isValid).join(',')}`);
  if (d.modifiedOn !== null && !ordered(d.createdOn, d.modifiedOn)) out.push(`${name}: modified before it was created`);
  if (d.deletedOn !== null) out.push(`${name}: a live answer with deletedOn`);
  const expected = expectedRecords(String(d.accountId), String(d.domain), ZONE).map((r) => `${r.host} ${r.value}`);
  if (JSON.stringify(records.map((r) => `${String(r.host)} ${String(r.value)}`)) !== JSON.stringify(expected)) out.push(`${name}: records are not the seed's three, in its order`);
  return out;
}

function problemProblems(s: Shown, p: Obj): string[] {
  const out: string[] = [];
  const status = s.status!;
  if (p.status !== status) out.push(`status member ${String(p.status)} in a ${status} answer`);
  if (p.title !== TITLES[status]) out.push(`title "${String(p.title)}" for ${status}`);
  if (!(PROBLEM_CODES[status] ?? []).includes(String(p.code))) out.push(`code ${String(p.code)} for ${status}`);
  if (p.type !== 'about:blank') out.push(`type ${String(p.type)}`);
  const path = String(p.instance).split('?')[0]!;
  const template = new RegExp(`^${s.template.replace(/\{[^}]+\}/g, '[^/]*')}$`);
  if (!template.test(path)) out.push(`instance ${String(p.instance)} is not a URL of ${s.template}`);
  const errors = p.errors as Obj[] | undefined;
  if (errors && errors[0]?.field !== p.field) out.push(`field ${String(p.field)}, first error ${String(errors[0]?.field)}`);
  if (status !== 400 && (p.field !== undefined || errors !== undefined)) out.push('field errors in an answer other than 400');
  return out;
}

function apiKeyProblems(k: Obj): string[] {
  const out: string[] = [];
  if (typeof k.key === 'string' && !(/^sds_[A-Za-z0-9_-]{43}$/.test(k.key) && k.key.startsWith(String(k.prefix)))) out.push(`key ${k.key} is not a key with prefix ${String(k.prefix)}`);
  if (!/^sds_[A-Za-z0-9_-]{6}$/.test(String(k.prefix))) out.push(`prefix ${String(k.prefix)} is not the first 10 characters of a key`);
  if (k.revokedAt !== null && !ordered(k.createdAt, k.revokedAt)) out.push('revoked before it was created');
  return out;
}

/** What makes `s` an answer (or request) this service would not give, in words. */
function inconsistencies(s: Shown): string[] {
  const out: string[] = [];
  if (s.mediaType === 'text/plain') {
    // a zone file: its CNAMEs follow the built-in scheme
    for (const line of String(s.value).split('\n')) {
      const cname = /^(\S+)\.\tIN\tCNAME\t(\S+)$/.exec(line.replace(/\t\d+\t/, '\t'));
      if (cname) out.push(...builtinRecordProblems({ host: cname[1], value: cname[2] }, []));
    }
    return out;
  }
  const surface = s.template.startsWith(`${CM}/`) ? 'cm' : 'native';
  if (s.status !== undefined && isObj(s.value)) {
    if (surface === 'cm' && s.value.statusCode !== CM_CODES[s.status]) out.push(`statusCode ${String(s.value.statusCode)} in a ${s.status} answer`);
    if (s.mediaType === 'application/problem+json') out.push(...problemProblems(s, s.value));
  }
  if (s.status === undefined && isObj(s.value) && s.template.endsWith('/domains') && s.method === 'post' && (s.value.provider ?? 'builtin') === 'builtin' && 'region' in s.value) {
    out.push('a built-in registration with a region');
  }
  for (const { node, parents } of objects(s.value)) {
    if (typeof node.host === 'string' && typeof node.value === 'string' && (node.type === 'CNAME' || node.type === undefined)) out.push(...builtinRecordProblems(node, parents));
    if ('asciiDomain' in node && 'dnsRecords' in node) out.push(...nativeDomainProblems(node));
    if ('foundValues' in node && 'purpose' in node) out.push(...recordStateProblems(node));
    if ('createdOn' in node && 'dnsRecords' in node) out.push(...seedDomainProblems(node));
    if ('prefix' in node && 'permissions' in node) out.push(...apiKeyProblems(node));
    if (Array.isArray(node.items) && typeof node.total === 'number') {
      if (typeof node.limit === 'number' && (node.items.length > node.limit || node.total < Number(node.offset) + node.items.length)) out.push(`a page of ${node.items.length} of ${node.total} with limit ${node.limit}`);
      if (node.limit === undefined && node.total !== node.items.length) out.push(`${node.items.length} items, total ${node.total}`);
    }
  }
  return out;
}
