import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
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
