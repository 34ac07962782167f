import { AsyncLocalStorage } from 'node:async_hooks';
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

  constructor(readonly dataSource: DataSource) {
    super();
  }

  /** The current transaction's manager, or the data source's when no transaction is open. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
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
