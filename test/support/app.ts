import { randomBytes } from 'node:crypto';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { type Logger as Pino, pino } from 'pino';
import request from 'supertest';
import { loadConfig } from '../../apps/api/src/config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { CreateApiKeyCommand, EnsureAdminKeyCommand, type Permission, PERMISSIONS } from '#iam';
import { AccountScope } from '#shared-kernel';
import { type Answer, OpenApiContract, type OpenApiDocument } from './openapi-contract.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
/** The key-encryption key of test apps (32 bytes, base64): a fixed one, so a test can open what was sealed. */
export const TEST_KEK = 'dGVzdC1rZWstMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG0=';

/** A fresh, empty database on the run's PostgreSQL server (see global-setup.js). */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests through `npm test`');
  const name = `sds_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestApp {
  app: INestApplication;
  databaseUrl: string;
  /** supertest on the app; every answer is checked against the served OpenAPI document */
  http: ReturnType<typeof request>;
  contract: OpenApiContract;
  /** a new key with these accounts and permissions (all by default) */
  createKey(accountIds: string[], permissions?: readonly Permission[]): Promise<string>;
  /** runs SQL against the app's database */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The whole application on a real PostgreSQL database (a new one unless `databaseUrl` is given),
 * with the scheduler off unless `env` switches it on.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; databaseUrl?: string; logger?: LoggerService; rootLogger?: Pino } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({
    ADMIN_API_KEY: ADMIN_KEY,
    VERIFICATION_SCHEDULER: 'off',
    DNS_SERVERS: '127.0.0.1:9', // nothing answers there; tests that verify point this at their DNS server
    DNS_TIMEOUT_MS: '300',
    DNS_TRIES: '1',
    LOG_LEVEL: 'error',
    RATE_LIMIT_PER_MINUTE: '0', // the rate limit has its own tests; the others send as fast as they like
    DKIM_KEY_ENCRYPTION_KEY: TEST_KEK,
    DKIM_KEY_BITS: '1024', // the tests make many accounts' keys; the size is the bench's business
    ...options.env,
  });
  // a root logger given: every line goes through it, as in production; otherwise Nest's own lines are off
  const app = await createApp(config, databaseUrl, options.rootLogger ? { rootLogger: options.rootLogger } : { logger: options.logger ?? false, rootLogger: pino({ level: 'silent' }) });
  await app.init();
  await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready(); // supertest talks to the server without listen()
  const commandBus = app.get(CommandBus);
  await commandBus.execute(new EnsureAdminKeyCommand(config.adminApiKey));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined); // an idle connection dropped by a stopped server (fault tests): the pool replaces it
  const server = app.getHttpServer();
  const contract = new OpenApiContract((await request(server).get('/docs-json').expect(200)).body as OpenApiDocument);
  return {
    app,
    databaseUrl,
    http: checkedAgainst(contract, request(server)),
    contract,
    async createKey(accountIds, permissions = PERMISSIONS) {
      const admin = { keyId: 'test', scope: AccountScope.allAccounts(), permissions: PERMISSIONS };
      const created = await commandBus.execute(new CreateApiKeyCommand({ accountIds, permissions: [...permissions] }, admin));
      return created.key;
    },
    async sql(text, params) {
      return (await pool.query(text, params)).rows;
    },
    async close() {
      await pool.end();
      await app.close();
    },
  };
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * Wraps supertest so that every request's answer is also checked against the OpenAPI document:
 * a documented status, content type and body schema (see OpenApiContract).
 */
function checkedAgainst(contract: OpenApiContract, agent: ReturnType<typeof request>): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !HTTP_METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (url: string, ...rest: unknown[]) => request.Test).call(target, url, ...rest);
        return test.expect((res: Answer) => contract.check(property, url, res));
      };
    },
  });
}
