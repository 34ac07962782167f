import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/* ajv-formats is CommonJS: its default export arrives as the module object under Jest's ESM. */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => void;

export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};
export interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

/** What an HTTP answer looks like to the checker (a supertest response fits). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** `$ref`s inside operations point into the document registered under this id. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : rebase(v)]),
    );
  }
  return schema;
}

/**
 * The served OpenAPI document as a contract: every answer must have a documented status for its
 * operation, a documented content type, and a body valid against the documented schema (ajv).
 * A request to no documented operation must be answered 404.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: { method: string; template: string; pattern: RegExp; params: number; operation: Operation }[] = [];
  private readonly validators = new Map<unknown, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: document.components ?? {} });
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        // An empty segment still addresses the operation (`/accounts//domains`: the client meant
        // this one, with a value missing), so its answer must be one the operation documents.
        const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]*')}$`);
        this.routes.push({ method, template, pattern, params: (template.match(/\{/g) ?? []).length, operation });
      }
    }
    this.routes.sort((a, b) => a.params - b.params); // literal segments win over parameters
  }

  /** Every documented operation (for generating requests). */
  operations(): { method: string; template: string; operation: Operation }[] {
    return this.routes.map(({ method, template, operation }) => ({ method, template, operation }));
  }

  /** The operation a request reaches, if any. */
  find(method: string, url: string): { template: string; operation: Operation } | undefined {
    const path = decodePath(url.split('?')[0]!.replace(/(.)\/+$/, '$1'));
    return this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
  }

  /** Throws an Error saying how the answer breaks the document. */
  check(method: string, url: string, answer: Answer): void {
    const path = url.split('?')[0]!;
    if (path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-json')) return;
    const found = this.find(method, url);
    const where = `${method.toUpperCase()} ${url}`;
    const body = () => JSON.stringify(answer.body ?? answer.text)?.slice(0, 500);
    if (!found) {
      if (answer.status !== 404) throw new Error(`${where} is no documented operation, yet answered ${answer.status}: ${body()}`);
      return;
    }
    const label = `${method.toUpperCase()} ${found.template}`;
    const spec = found.operation.responses[String(answer.status)] ?? found.operation.responses[`${String(answer.status)[0]}XX`] ?? found.operation.responses.default;
    if (!spec) {
      throw new Error(`${label} answered ${answer.status}, which its OpenAPI document does not list (${Object.keys(found.operation.responses).join(', ')}): ${body()}`);
    }
    if (answer.status === 204 || method.toLowerCase() === 'head' || !spec.content) return;
    const contentType = String(answer.headers['content-type'] ?? '').split(';')[0]!.trim();
    const media = spec.content[contentType];
    if (!media) {
      throw new Error(`${label} answered ${answer.status} as "${contentType}", documented as ${Object.keys(spec.content).join(', ')}: ${body()}`);
    }
    if (!media.schema) return;
    const value = /json/.test(contentType) ? answer.body : answer.text;
    const validate = this.validator(media.schema);
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`).join('; ');
      throw new Error(`${label} answered ${answer.status} with a body its OpenAPI schema refuses: ${errors}: ${body()}`);
    }
  }

  /** How `value` breaks `schema` (a schema of the document, `$ref`s included), or undefined when it fits. */
  errorsOf(schema: Record<string, unknown>, value: unknown): string | undefined {
    const validate = this.validator(schema);
    return validate(value) ? undefined : (validate.errors ?? []).map((e) => `${e.instancePath || '(value)'} ${e.message}`).join('; ');
  }

  private validator(schema: Record<string, unknown>): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as object);
      this.validators.set(schema, validate);
    }
    return validate;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
