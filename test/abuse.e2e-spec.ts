/**
 * Abuse protection: rate limits per API key (429 with Retry-After in each surface's envelope) and
 * security headers.
 */
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { auth, CM, SEED_ACCOUNT } from './support/domains.js';

const NATIVE = `/api/v1/accounts/${SEED_ACCOUNT}/domains`;

describe('rate limits per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets a key make its budget of requests across routes, then answers 429 with Retry-After on both surfaces', async () => {
    const key = await t.createKey([SEED_ACCOUNT]);
    const first = await t.http.get(NATIVE).set(auth(key)).expect(200);
    expect(first.headers['x-ratelimit-limit']).toBe('5');
    expect(first.headers['x-ratelimit-remaining']).toBe('4');
    for (let i = 0; i < 3; i++) await t.http.get(NATIVE).set(auth(key)).expect(200);
    await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(auth(key)).expect(200); // the fifth, on the other surface

    const native = await t.http.get(NATIVE).set(auth(key)).expect(429);
    expect(native.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', detail: expect.stringContaining('at most 5 a minute') });
    expect(Number(native.headers['retry-after'])).toBeGreaterThan(0);
    const seed = await t.http.get(`${CM}/configuration/accounts/${SEED_ACCOUNT}`).set(auth(key)).expect(429);
    expect(seed.body).toEqual({ statusCode: 'TooManyRequests', statusMessage: expect.stringContaining('Too many requests'), domains: [] });
    expect(Number(seed.headers['retry-after'])).toBeGreaterThan(0);

    // another key has its own budget; probes are never limited
    await t.http.get(NATIVE).set(auth(ADMIN_KEY)).expect(200);
    for (let i = 0; i < 8; i++) await t.http.get('/health/live').expect(200);
  });

  it('counts the Vault route by the key in X-Vault-Token (rspamd sends no Authorization): two MTAs behind one address have a budget each', async () => {
    const vault = '/api/v1/dkim/vault/v1/dkim/unknown-domain.example.org';
    const first = await t.createKey([SEED_ACCOUNT], ['DkimKeys_Export']);
    const second = await t.createKey([SEED_ACCOUNT], ['DkimKeys_Export']);
    // 404s (no such built-in domain) count as requests as any answer does
    for (let i = 0; i < 5; i++) await t.http.get(vault).set('X-Vault-Token', first).expect(404);
    expect((await t.http.get(vault).set('X-Vault-Token', first).expect(429)).headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    const other = await t.http.get(vault).set('X-Vault-Token', second).expect(404);
    expect(other.headers['x-ratelimit-remaining']).toBe('4');
  });
});

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends helmet\'s headers, a CSP that forbids everything on the API and lets Swagger UI run on /docs', async () => {
    const api = await t.http.get(NATIVE).set(auth(ADMIN_KEY)).expect(200);
    expect(api.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer' });
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
    expect(api.headers['x-powered-by']).toBeUndefined();
    const docs = await t.http.get('/docs').redirects(1);
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });
});
