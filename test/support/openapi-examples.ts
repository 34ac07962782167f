/**
 * The examples of an OpenAPI document as Swagger UI shows them, and the rules that make one a
 * real answer of this service. Where a request body or an answer has no example of its own,
 * Swagger UI makes one from the schema (`"string"`, `0`, `true`, `additionalProp1`, the time the
 * page was opened): `sample` does the same, so that what a reader sees is what is checked.
 */
import type { OpenApiDocument } from './openapi-contract.js';

type Schema = Record<string, unknown>;
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, { summary?: string; value: unknown }> };

/** Swagger UI's stand-ins for a value the schema gives no example of. */
export const PLACEHOLDER_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
/** Swagger UI shows the time the page was opened for a date-time; a fixed one here, so it can be told apart. */
const NOW = '1970-01-01T00:00:00.000Z';

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return resolve(doc, (doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {}) as Schema);
}

/** The value Swagger UI makes from a schema (sampleFromSchema, in the parts this document uses). */
export function sample(doc: OpenApiDocument, raw: Schema, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s) => sample(doc, s as Schema, depth + 1)));
  for (const key of ['oneOf', 'anyOf'] as const) if (Array.isArray(schema[key])) return sample(doc, schema[key][0] as Schema, depth + 1);
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  if (depth > 8) return null;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) out[name] = sample(doc, property, depth + 1);
      const extra = schema.additionalProperties;
      if (extra === true || (extra && typeof extra === 'object')) {
        for (const n of [1, 2, 3]) out[`additionalProp${n}`] = sample(doc, extra === true ? {} : (extra as Schema), depth + 1);
      }
      return out;
    }
    case 'array':
      return schema.maxItems === 0 ? [] : [sample(doc, (schema.items ?? {}) as Schema, depth + 1)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    default:
      return schema.format === 'date-time' ? NOW : schema.format === 'uuid' ? PLACEHOLDER_UUID : schema.format === 'email' ? 'user@example.com' : 'string';
  }
}

/** One example as a reader of the document sees it. */
export interface Shown {
  where: string;
  method: string;
  template: string;
  /** the answer's HTTP status; undefined for a request body */
  status?: number;
  mediaType: string;
  schema: Schema;
  value: unknown;
  /** written in the document (false: made from the schema by Swagger UI) */
  explicit: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every request-body and answer example of the operations under `prefixes`. */
export function shownExamples(doc: OpenApiDocument, prefixes: readonly string[]): Shown[] {
  const shown: Shown[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!prefixes.some((p) => template.startsWith(p))) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const medias: [string, number | undefined, Record<string, Media>][] = [];
      if (operation.requestBody) medias.push(['request body', undefined, operation.requestBody.content as Record<string, Media>]);
      for (const [status, answer] of Object.entries(operation.responses)) if (answer.content) medias.push([status, Number(status), answer.content as Record<string, Media>]);
      for (const [label, status, content] of medias) {
        for (const [mediaType, media] of Object.entries(content)) {
          const schema = media.schema ?? {};
          const base = { method, template, status, mediaType, schema };
          const where = `${method.toUpperCase()} ${template} ${label} ${mediaType}`;
          if (media.examples) for (const [name, e] of Object.entries(media.examples)) shown.push({ ...base, where: `${where} example "${name}"`, value: e.value, explicit: true });
          else if (media.example !== undefined) shown.push({ ...base, where: `${where} example`, value: media.example, explicit: true });
          else shown.push({ ...base, where: `${where} (made from the schema)`, value: sample(doc, schema), explicit: false });
        }
      }
    }
  }
  return shown;
}

/** Every `example` on a schema anywhere in the document (components, parameters, media), with that schema. */
export function schemaExamples(doc: OpenApiDocument): { where: string; schema: Schema; value: unknown }[] {
  const found: { where: string; schema: Schema; value: unknown }[] = [];
  const visit = (node: unknown, where: string, isSchema: boolean) => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`, isSchema));
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (isSchema && 'example' in obj) found.push({ where, schema: obj, value: obj.example });
    for (const [key, child] of Object.entries(obj)) {
      if (key === 'example' || key === 'examples' || key === 'enum' || key === 'default') continue;
      // a schema's children that are schemas; anything under `schema` is one
      const childIsSchema = key === 'schema' || (isSchema && ['items', 'additionalProperties', 'not'].includes(key));
      if (isSchema && (key === 'properties' || key === 'allOf' || key === 'oneOf' || key === 'anyOf')) {
        if (Array.isArray(child)) child.forEach((c, i) => visit(c, `${where}.${key}[${i}]`, true));
        else for (const [name, c] of Object.entries((child ?? {}) as object)) visit(c, `${where}.${key}.${name}`, true);
      } else visit(child, `${where}.${key}`, childIsSchema);
    }
  };
  visit(doc.paths, 'paths', false);
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) visit(schema, `components.schemas.${name}`, true);
  return found;
}

/** Swagger UI's stand-ins, and our own, found in a value: `"string"`, `additionalProp1`, a made-up UUID or time, `…`. */
export function placeholdersIn(value: unknown, path = ''): string[] {
  if (typeof value === 'string') {
    return value === 'string' || value === PLACEHOLDER_UUID || value === NOW || value.includes('…') ? [`${path || '(value)'} is ${JSON.stringify(value)}`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholdersIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(/^additionalProp\d+$/.test(k) ? [`${path}.${k} is a made-up key`] : []), ...placeholdersIn(v, `${path}.${k}`)]);
  }
  return [];
}
