import { getMetadataArgsStorage } from 'typeorm';

/** One column of an ORM entity: its property, its column, how PostgreSQL types it. */
export interface ColumnMapping {
  property: string;
  column: string;
  /** the SQL type, as a jsonb_to_recordset column definition takes it */
  sqlType: string;
  json: boolean;
  date: boolean;
}

/** An ORM entity class (what its decorators registered the columns on). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntityClass = abstract new (...args: any[]) => object;

const cache = new Map<EntityClass, ColumnMapping[]>();

/**
 * The columns of an ORM entity class, read from its decorators (no DataSource needed): the one
 * row mapping of a table, from which the statements below are generated, so a column is
 * declared once and never listed again by hand.
 */
export function columnsOf(entity: EntityClass): ColumnMapping[] {
  let columns = cache.get(entity);
  if (!columns) {
    columns = getMetadataArgsStorage()
      .filterColumns(entity)
      .map((c) => {
        const type = String(c.options.type ?? 'varchar');
        return {
          property: c.propertyName,
          column: c.options.name ?? c.propertyName,
          sqlType: type,
          json: type === 'jsonb' || type === 'json',
          date: type === 'timestamptz' || type === 'timestamp',
        };
      });
    cache.set(entity, columns);
  }
  return columns;
}

const pick = (entity: EntityClass, properties?: readonly string[]) => {
  const all = columnsOf(entity);
  if (!properties) return all;
  return properties.map((p) => {
    const found = all.find((c) => c.property === p);
    if (!found) throw new Error(`${entity.name} has no column for ${p}`);
    return found;
  });
};

/** `alias.col AS "property", …`: a SELECT list whose rows have the entity's property names. */
export function selectList(entity: EntityClass, alias: string, properties?: readonly string[]): string {
  return pick(entity, properties)
    .map((c) => `${alias}."${c.column}" AS "${c.property}"`)
    .join(', ');
}

/**
 * `json_build_object('property', alias.col, …)`: a row as JSON with the entity's property names,
 * and `extra` pairs (name → SQL expression) beside them.
 */
export function jsonObject(entity: EntityClass, alias: string, properties?: readonly string[], extra: Record<string, string> = {}): string {
  const pairs = [...pick(entity, properties).map((c) => `'${c.property}', ${alias}."${c.column}"`), ...Object.entries(extra).map(([name, sql]) => `'${name}', ${sql}`)];
  return `json_build_object(${pairs.join(', ')})`;
}

/** A row read back from JSON (jsonObject): its timestamps as Dates again. */
export function fromJson<T>(entity: EntityClass, value: Record<string, unknown>): T {
  const row: Record<string, unknown> = { ...value };
  for (const c of columnsOf(entity)) {
    if (c.date && typeof row[c.property] === 'string') row[c.property] = new Date(row[c.property] as string);
  }
  return row as T;
}

/**
 * `UPDATE table t SET col = v.col, … FROM jsonb_to_recordset($1) AS v(…) WHERE t.id = v.id`:
 * many rows changed in one statement, each by its id (and, with `guard`, only where that column
 * still holds the row's value: an optimistic version check). `extraSet` adds assignments of its
 * own (`version = t.version + 1`). The rows are sent as one JSON parameter: `values(rows)`.
 */
export function updateStatement(entity: EntityClass, table: string, set: readonly string[], options: { key?: string; guard?: string; extraSet?: string } = {}): { text: string; values(rows: readonly Record<string, unknown>[]): unknown[] } {
  const key = pick(entity, [options.key ?? 'id'])[0]!;
  const assigned = pick(entity, set);
  const guard = options.guard ? pick(entity, [options.guard])[0]! : undefined;
  const carried = [key, ...assigned, ...(guard ? [guard] : [])];
  const definitions = [...new Map(carried.map((c) => [c.column, `"${c.column}" ${c.sqlType}`])).values()].join(', ');
  const assignments = [...assigned.map((c) => `"${c.column}" = v."${c.column}"`), ...(options.extraSet ? [options.extraSet] : [])].join(', ');
  const text =
    `UPDATE ${table} t SET ${assignments} FROM jsonb_to_recordset($1::jsonb) AS v(${definitions}) ` +
    `WHERE t."${key.column}" = v."${key.column}"${guard ? ` AND t."${guard.column}" = v."${guard.column}"` : ''}`;
  return {
    text,
    values: (rows) => [JSON.stringify(rows.map((row) => Object.fromEntries([...new Set(carried)].map((c) => [c.column, row[c.property] ?? null]))))],
  };
}
