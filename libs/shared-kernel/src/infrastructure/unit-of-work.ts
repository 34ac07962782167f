import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AsyncSlot } from '../application/async-slot.js';
import { RequestAnswers } from '../application/request-answer.js';
import { type RunOptions, UnitOfWork } from '../application/unit-of-work.port.js';
import { type EntityClass, updateStatement } from './row-mapping.js';

interface Transaction {
  manager: EntityManager;
  afterCommit: (() => void)[];
}

/** SQLSTATEs of a transaction PostgreSQL aborted to let another finish: deadlock, serialisation failure. */
const CONFLICT_STATES = new Set(['40P01', '40001']);
/** Tries of a transaction that keeps meeting such conflicts, before the error goes up (a 503). */
export const TRANSACTION_ATTEMPTS = 5;

/** Whether the database aborted the transaction for a conflict with another one: worth running again. */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return CONFLICT_STATES.has(String(e?.code)) || CONFLICT_STATES.has(String(e?.driverError?.code));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (a transaction, or one statement that is a transaction of its own) again while the
 * database aborts it for a conflict with another, up to TRANSACTION_ATTEMPTS tries; the other goes
 * on meanwhile: a short, growing, jittered pause lets it finish first.
 */
export async function retryingConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
      await pause(attempt * 10 + Math.random() * 20 * attempt);
    }
  }
}

/**
 * TypeORM unit of work: the transaction's EntityManager travels in an AsyncSlot, so every
 * repository adapter asks `manager` and transparently joins the current transaction, if any.
 */
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly storage = new AsyncSlot<Transaction>();
  private readonly statementNames = new Map<string, string>();
  private readonly insertStatements = new Map<string, { text: string; columns: { property: string; json: boolean }[] }>();
  private readonly updateStatements = new Map<string, ReturnType<typeof updateStatement>>();

  constructor(readonly dataSource: DataSource) {
    super();
  }

  /** The current transaction's manager, or the data source's when no transaction is open. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs a statement as a prepared statement, so PostgreSQL plans it once per connection instead
   * of on every call (for the list statements planning cost more than running them): for
   * statements whose best plan does not change as their tables grow, since the plan made first is
   * kept. Inside a transaction it runs on the transaction's connection, unprepared, to see its
   * writes.
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

  /**
   * Updates many rows of an entity in one statement (see updateStatement), in the current
   * transaction if any; answers how many rows it changed.
   */
  async updateRows<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: readonly Partial<T>[], set: readonly (keyof T & string)[], options: { guard?: keyof T & string; extraSet?: string } = {}): Promise<number> {
    if (rows.length === 0) return 0;
    const metadata = this.dataSource.getMetadata(entity);
    const key = `${metadata.tableName}|${set.join(',')}|${options.guard ?? ''}|${options.extraSet ?? ''}`;
    let statement = this.updateStatements.get(key);
    if (!statement) {
      statement = updateStatement(metadata.target as EntityClass, `"${metadata.tableName}"`, set, options);
      this.updateStatements.set(key, statement);
    }
    const result = (await this.manager.query(statement.text, statement.values(rows as Record<string, unknown>[]))) as [unknown[], number];
    return result[1];
  }

  async run<T>(work: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (this.storage.getStore()) return work();
    const answer = options.answersRequest ? RequestAnswers.current() : undefined;
    return retryingConflicts(async () => {
      const effects: (() => void)[] = [];
      let kept = false;
      const result = await this.dataSource.transaction((manager) =>
        this.storage.run({ manager, afterCommit: effects }, async () => {
          const result = await work();
          const body = answer?.render?.(result);
          if (answer && body !== undefined) {
            await answer.keep(body); // stored with the change: both commit, or neither
            kept = true;
          }
          return result;
        }),
      );
      if (answer && kept) answer.kept = true;
      // Outside the transaction's async context, so effects that start new work do not join it.
      for (const effect of effects) effect();
      return result;
    });
  }

  afterCommit(effect: () => void): void {
    const transaction = this.storage.getStore();
    if (transaction) transaction.afterCommit.push(effect);
    else effect();
  }
}
