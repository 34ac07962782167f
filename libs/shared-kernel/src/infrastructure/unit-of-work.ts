import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { UnitOfWork } from '../application/unit-of-work.port.js';

interface Transaction {
  manager: EntityManager;
  afterCommit: (() => void)[];
}

/**
 * TypeORM unit of work: the transaction's EntityManager travels in AsyncLocalStorage, so every
 * repository adapter asks `manager` and transparently joins the current transaction, if any.
 */
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly storage = new AsyncLocalStorage<Transaction>();
  private readonly statementNames = new Map<string, string>();
  private readonly insertStatements = new Map<string, { text: string; columns: { property: string; json: boolean }[] }>();

  constructor(readonly dataSource: DataSource) {
    super();
  }

  /** The current transaction's manager, or the data source's when no transaction is open. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs a read statement as a prepared statement, so PostgreSQL plans it once per connection
   * instead of on every call (for the list statements planning cost more than running them).
   * Inside a transaction it runs on the transaction's connection, unprepared, to see its writes.
   */
  async prepared<T>(text: string, values: unknown[]): Promise<T[]> {
    if (this.storage.getStore()) return (await this.manager.query(text, values)) as T[];
    let name = this.statementNames.get(text);
    if (!name) {
      name = `sds_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      this.statementNames.set(text, name);
    }
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    return (await pool.query({ name, text, values })).rows as T[];
  }

  /**
   * Inserts rows of an entity in one plain `INSERT … VALUES (…), (…)` built from its column
   * metadata once, in the current transaction if any: none of TypeORM's per-row persistence
   * machinery (subjects, change maps, query building), which cost more than the statement. A
   * column every row leaves undefined takes its default (a generated id); one only some rows set is
   * null in the others. `returning` names a column whose values come back in the rows' order.
   */
  async insertRows<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: Partial<T>[], returning?: keyof T & string): Promise<unknown[]> {
    if (rows.length === 0) return [];
    const metadata = this.dataSource.getMetadata(entity);
    const present = metadata.columns.filter((c) => rows.some((row) => row[c.propertyName as keyof T] !== undefined));
    const key = `${metadata.tableName}|${rows.length}|${present.map((c) => c.propertyName).join(',')}|${returning ?? ''}`;
    let statement = this.insertStatements.get(key);
    if (!statement) {
      const names = present.map((c) => `"${c.databaseName}"`).join(', ');
      const tuples = rows.map((_, r) => `(${present.map((_c, i) => `$${r * present.length + i + 1}`).join(', ')})`).join(', ');
      const back = returning ? ` RETURNING "${metadata.findColumnWithPropertyName(returning)!.databaseName}" AS value` : '';
      statement = {
        text: `INSERT INTO "${metadata.tableName}" (${names}) VALUES ${tuples}${back}`,
        columns: present.map((c) => ({ property: c.propertyName, json: c.type === 'jsonb' || c.type === 'json' })),
      };
      this.insertStatements.set(key, statement);
    }
    const values = rows.flatMap((row) =>
      statement.columns.map(({ property, json }) => {
        const value = (row[property as keyof T] as unknown) ?? null;
        return json && value !== null ? JSON.stringify(value) : value; // pg would send a JS array as a PostgreSQL array
      }),
    );
    const result = (await this.manager.query(statement.text, values)) as { value: unknown }[];
    return returning ? result.map((r) => r.value) : [];
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.storage.getStore()) return work();
    const effects: (() => void)[] = [];
    const result = await this.dataSource.transaction((manager) => this.storage.run({ manager, afterCommit: effects }, work));
    // Outside the transaction's async context, so effects that start new work do not join it.
    for (const effect of effects) effect();
    return result;
  }

  afterCommit(effect: () => void): void {
    const transaction = this.storage.getStore();
    if (transaction) transaction.afterCommit.push(effect);
    else effect();
  }
}
