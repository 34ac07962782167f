import pg from 'pg';
import { CommandBus } from '@nestjs/cqrs';
import { EnsureAdminKeyCommand } from '#iam';
import { startTestApp, type TestApp } from './support/app.js';

describe('health and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers 200 once the database answers, without a key', async () => {
    await t.http.get('/health').expect(200, { status: 'ok', database: 'up' });
  });

  it('serves OpenAPI 3 at /docs-json with every seed route, its permission and examples, and Swagger UI at /docs', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const ops = {
      'post /email/configuration/v1/configuration': 'EmailConfiguration_Create',
      'get /email/configuration/v1/configuration/accounts/{logicalAccountId}': 'EmailConfiguration_Read',
      'get /email/configuration/v1/configuration/dns/accounts/{logicalAccountId}/domains/{domainId}': 'EmailConfiguration_Read',
      'delete /email/configuration/v1/configuration/dns/domains/{domainId}': 'EmailConfiguration_Delete',
      'post /email/configuration/v1/dns/accounts/{logicalAccountId}/verify': 'EmailConfiguration_Create',
      'post /api/v1/api-keys': 'ApiKeys_Manage',
    };
    for (const [key, permission] of Object.entries(ops)) {
      const [method, route] = key.split(' ') as [string, string];
      const op = res.body.paths[route]?.[method];
      expect(op).toBeDefined();
      expect(op.description).toContain(permission);
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['200'] ?? op.responses['201']).toBeDefined();
    }
    const add = res.body.paths['/email/configuration/v1/configuration'].post;
    expect(add.requestBody.content['application/json'].examples.company.value.domain).toBe('example.com');
    expect(JSON.stringify(add.responses['400'])).toContain('Domain cannot be empty or null');
    const html = await t.http.get('/docs').expect(200);
    expect(html.text).toContain('swagger-ui');
  });
});

describe('health while the database is gone', () => {
  it('answers 503 problem+json, as documented', async () => {
    const t = await startTestApp();
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const server = new URL(t.databaseUrl);
    server.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
    const res = await t.http.get('/health').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'UNAVAILABLE', detail: 'The database does not answer' });
    await t.close();
  });
});

describe('first start without ADMIN_API_KEY', () => {
  it('generates one key when none exists, and none after that', async () => {
    const t = await startTestApp();
    const bus = t.app.get(CommandBus);
    await t.sql(`DELETE FROM api_keys`);
    const first = await bus.execute(new EnsureAdminKeyCommand(undefined));
    expect(first.generated).toMatch(/^sds_/);
    await t.http.get('/api/v1/api-keys').set({ Authorization: `Bearer ${first.generated}` }).expect(200);
    const second = await bus.execute(new EnsureAdminKeyCommand(undefined));
    expect(second.generated).toBeNull();
    await t.close();
  });
});
