import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type MigrationInterface } from 'typeorm';
import { dnsRecordsPersistence } from '#dns-records';
import { domainsPersistence } from '#domains';
import { iamPersistence } from '#iam';
import { Clock, SystemClock, TypeOrmUnitOfWork, UnitOfWork } from '#shared-kernel';

const modules: { entities: (new () => object)[]; migrations: (new () => MigrationInterface)[] }[] = [
  domainsPersistence,
  dnsRecordsPersistence,
  iamPersistence,
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
    extra: { max: 20 },
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

/**
 * The database for the whole app: connects, runs pending migrations, and provides the
 * DataSource, the unit of work and the clock to every module.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = await createDataSource(url).initialize();
            await runMigrationsExclusively(dataSource);
            return dataSource;
          },
        },
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
