import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type MigrationInterface } from 'typeorm';
import { dkimPersistence } from '#dkim';
import { dnsRecordsPersistence } from '#dns-records';
import { domainsPersistence } from '#domains';
import { iamPersistence } from '#iam';
import { idempotencyPersistence } from '#idempotency';
import { outboxPersistence } from '#outbox';
import { webhooksPersistence } from '#webhooks';
import { Clock, SystemClock, TypeOrmUnitOfWork, UnitOfWork } from '#shared-kernel';

const modules: { entities: (new () => object)[]; migrations: (new () => MigrationInterface)[] }[] = [
  domainsPersistence,
  dnsRecordsPersistence,
  iamPersistence,
  idempotencyPersistence,
  outboxPersistence,
  dkimPersistence,
  webhooksPersistence,
];

/** Builds the DataSource over every module's entities and migrations; `synchronize` stays off. */
export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: modules.flatMap((m) => m.entities),
    migrations: modules.flatMap((m) => m.migrations),
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false, // failures surface as errors; expected ones (unique violations) are not noise
    // a server that does not accept a connection within 3 s is down: the request answers 503, not hangs
    extra: { max: 20, connectionTimeoutMillis: 3000 },
  });
}

const MIGRATION_LOCK = 7_274_031;

/** Several instances may start at once on one database: one migrates, the others wait. */
async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Connects and applies pending migrations, before the application is built, so a database that
 * cannot be reached is told in one line ("cannot use PostgreSQL at …: <cause>").
 */
export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    await runMigrationsExclusively(dataSource);
    return dataSource;
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw new Error(`cannot use PostgreSQL at ${redactUrl(url)}: ${describeError(error)}`, { cause: error });
  }
}

/**
 * One line for any error: its message, the messages of an AggregateError's errors (a connection
 * tried on several addresses), or its code; never "undefined".
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message || (typeof code === 'string' ? code : '') || error.name;
    return text.replace(/\s+/g, ' ').trim();
  }
  if (error === undefined || error === null || error === '') return 'unknown error (no details were given)';
  return String(error).replace(/\s+/g, ' ').trim();
}

/** The database for the whole app: the opened DataSource, the unit of work and the clock. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: TypeOrmUnitOfWork, useFactory: (ds: DataSource) => new TypeOrmUnitOfWork(ds), inject: [DataSource] },
        { provide: UnitOfWork, useExisting: TypeOrmUnitOfWork },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [DataSource, TypeOrmUnitOfWork, UnitOfWork, Clock],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
