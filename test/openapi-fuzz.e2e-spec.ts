import fc from 'fast-check';
import { ADMIN_KEY, startTestApp, type TestApp } from './support/app.js';
import { SEED_ACCOUNT } from './support/domains.js';
import type { OpenApiDocument, Operation } from './support/openapi-contract.js';

type Schema = Record<string, unknown>;
/** requests per operation; FUZZ_RUNS raises it for a longer hunt, FUZZ_SEED replays a failure */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** Anything at all: what a careless or hostile client may send in place of a value. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, '', ' ', '\u0000', '0', '-1', '1.5', 'true', '__proto__', '../../etc', '%ff', 'ü', '💥', '9'.repeat(30)),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(doc, (doc.components?.schemas?.[name] ?? {}) as Schema);
}

/** Plausible text for a field, from its name (so valid requests reach deep into the handlers). */
function textFor(name: string, schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'uuid' || /accountId/i.test(name)) return fc.oneof(fc.uuid(), fc.constant(SEED_ACCOUNT));
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (/^domain$/i.test(name)) return fc.oneof(fc.domain(), fc.constantFrom('example.com', 'bücher.de', 'fuzz-a.example.com', 'co.uk'));
  if (/email/i.test(name)) return fc.emailAddress();
  return fc.string({ maxLength: (schema.maxLength as number) ?? 40 });
}

/**
 * Values the schema describes; with `wild`, any part may be replaced by junk now and then, so
 * both valid requests (reaching the handlers) and invalid ones (reaching the validation) come.
 */
function valueOf(doc: OpenApiDocument, raw: Schema, wild: boolean, name = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const valid = ((): fc.Arbitrary<unknown> => {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    switch (schema.type) {
      case 'integer':
        return fc.integer({ min: (schema.minimum as number) ?? -1000, max: Math.min((schema.maximum as number) ?? 1000, 2_147_483_647) });
      case 'number':
        return fc.double({ noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        if (name === 'accountIds') return fc.constantFrom([SEED_ACCOUNT], ['*'], [SEED_ACCOUNT, '11111111-2222-4333-8444-555555555555']);
        const items = depth > 3 ? fc.constant(null) : valueOf(doc, (schema.items ?? {}) as Schema, wild, name, depth + 1);
        return fc.array(items, { minLength: Math.min((schema.minItems as number) ?? 0, 4), maxLength: Math.min((schema.maxItems as number) ?? 4, 4) });
      }
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const required = (schema.required ?? []) as string[];
        if (depth > 3 || Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
        const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valueOf(doc, s, wild, k, depth + 1)]));
        return fc.record(record, { requiredKeys: required.filter((k) => k in record) });
      }
      default:
        return textFor(name, schema);
    }
  })();
  return wild ? fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: junk }) : valid;
}

/** Path and query parameters as text, the way they travel in a URL. */
function paramText(doc: OpenApiDocument, name: string, schema: Schema): fc.Arbitrary<string> {
  const resolved = resolve(doc, schema);
  const known =
    resolved.type === 'integer'
      ? fc.integer({ min: 1, max: 8 }).map(String)
      : name === 'domain'
        ? fc.constantFrom('fuzz-a.example.com', 'FUZZ-B.example.com.', 'fuzz-c.example.com')
        : resolved.format === 'uuid' ? fc.constant(SEED_ACCOUNT) : textFor(name, resolved);
  return fc.oneof(
    { weight: 3, arbitrary: known },
    { weight: 3, arbitrary: valueOf(doc, resolved, true).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')) },
    { weight: 1, arbitrary: fc.string() },
  );
}

interface GeneratedRequest {
  path: string;
  query: [string, string][];
  body: unknown;
  sendBody: boolean;
  auth: 'admin' | 'none' | 'garbage';
}

function requestsFor(doc: OpenApiDocument, template: string, operation: Operation): fc.Arbitrary<GeneratedRequest> {
  const params = operation.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  return fc.record({
    path: fc.tuple(...pathParams.map((p) => paramText(doc, p.name, p.schema ?? {}))).map((values) => {
      let path = template;
      pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, encodeURIComponent(values[i]!) || '%20')));
      return path;
    }),
    query: fc
      .tuple(...queryParams.map((p) => fc.option(paramText(doc, p.name, p.schema ?? {}).map((v) => [p.name, v] as [string, string]), { nil: undefined })))
      .chain((pairs) =>
        fc.option(fc.tuple(fc.constantFrom('x', 'limit', '__proto__'), fc.string()), { nil: undefined, freq: 8 }).map((extra) => [
          ...pairs.filter((p): p is [string, string] => p !== undefined),
          ...(extra ? [extra] : []),
        ]),
      ),
    body: bodySchema ? fc.boolean().chain((wild) => valueOf(doc, bodySchema, wild)) : fc.constant(undefined),
    sendBody: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))), // a body where none is expected, now and then
    auth: fc.constantFrom('admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'none', 'garbage'),
  });
}

describe('property: requests generated from the OpenAPI document never get a 5xx or an undocumented answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // something to find: a few registered domains of the account the generator likes
    for (const domain of ['fuzz-a.example.com', 'fuzz-b.example.com', 'fuzz-c.example.com']) {
      await t.http.post('/email/configuration/v1/configuration').set({ Authorization: `Bearer ${ADMIN_KEY}` }).send({ domain, accountId: SEED_ACCOUNT, emailAddress: 'a@example.com' }).expect(200);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('for every operation', async () => {
    const operations = t.contract.operations();
    expect(operations.length).toBeGreaterThanOrEqual(9);
    let sent = 0;
    for (const { method, template, operation } of operations) {
      await fc.assert(
        fc.asyncProperty(requestsFor(t.contract.document, template, operation), async (generated) => {
          const url = generated.query.length
            ? `${generated.path}?${generated.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
            : generated.path;
          let req = (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method]!(url);
          if (generated.auth === 'admin') req = req.set('Authorization', `Bearer ${ADMIN_KEY}`);
          if (generated.auth === 'garbage') req = req.set('Authorization', 'Bearer sds_not-a-key');
          if (operation.requestBody || generated.sendBody) {
            req = req.set('Content-Type', 'application/json').send(JSON.stringify(generated.body ?? null) ?? 'null');
          }
          const res = await req; // the contract check inside t.http throws on an undocumented answer
          sent++;
          if (res.status >= 500) throw new Error(`${method.toUpperCase()} ${url} answered ${res.status}: ${res.text}`);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647), endOnFailure: true },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(operations.length * RUNS);
  }, 120_000);
});
