/**
 * The one place database options are built. The app, `ormconfig.ts` (TypeORM CLI) and the tests
 * all open their DataSource through `createDataSource`, so they cannot drift apart. What the
 * schema holds (entities, migrations) is handed in by whoever composes the app: this folder knows
 * no feature.
 */
import { resolve } from 'node:path';

import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';

import { DEFAULT_EMBEDDED_DB_DIR, type DatabaseConfig } from '../config/app-config.js';
import { type EmbeddedOptions, EmbeddedPostgres, refusePgliteFolder } from './embedded-postgres.js';
import { pgDriver } from './pg-driver.js';

/** The entities and migrations of the app, from the composition root. */
export interface Schema {
  entities: NonNullable<PostgresDataSourceOptions['entities']>;
  migrations: NonNullable<PostgresDataSourceOptions['migrations']>;
}

/** The advisory lock that instances starting together take in turn to run the migrations. */
export const MIGRATIONS_LOCK = 7_031_912_604_551;

/**
 * The options of a DataSource. With `timeouts`, getting a connection and running a statement are
 * bounded by DATABASE_QUERY_TIMEOUT_MS together, on the client (a database that stopped answering,
 * see pg-driver.ts) and on the server (`statement_timeout`); migrations and the TypeORM CLI run
 * without them.
 */
export function buildDataSourceOptions(
  url: string,
  config: DatabaseConfig,
  poolSize: number,
  schema: Schema,
  timeouts = true,
): PostgresDataSourceOptions {
  const timeout = config.queryTimeoutMs;
  return {
    type: 'postgres',
    driver: pgDriver(timeouts ? timeout : undefined),
    url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: 'platform-quota-service',
    extra: {
      max: poolSize,
      idleTimeoutMillis: 30_000,
      ...(timeouts && { connectionTimeoutMillis: timeout, query_timeout: timeout, statement_timeout: timeout }),
    },
  };
}

/**
 * The app's DataSource: its migrations run under an advisory lock, so that replicas starting
 * together (or a TypeORM CLI beside a starting service) run them one after another instead of
 * colliding; on the embedded server, it joins the server first and leaves it when destroyed.
 */
class AppDataSource extends DataSource {
  constructor(
    options: PostgresDataSourceOptions,
    private readonly setup: { migrate: boolean; migrations: () => DataSource; embedded?: EmbeddedPostgres },
  ) {
    super(options);
  }

  override async initialize(): Promise<this> {
    try {
      if (this.setup.migrate) await migrateLocked(this.setup.migrations());
      return await super.initialize();
    } catch (error) {
      await this.setup.embedded?.release();
      throw error;
    }
  }

  override async runMigrations(options?: Parameters<DataSource['runMigrations']>[0]) {
    return withMigrationsLock(this, () => super.runMigrations(options));
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      await this.setup.embedded?.release();
    }
  }
}

/** Runs the pending migrations on a DataSource of their own, without timeouts, under the lock. */
async function migrateLocked(dataSource: DataSource): Promise<void> {
  await dataSource.initialize();
  try {
    await withMigrationsLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  } finally {
    await dataSource.destroy();
  }
}

/** Holds the migrations' advisory lock (waiting for it while another process holds it) around `work`. */
async function withMigrationsLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** Describes the target without secrets, for the start-up log. */
export function describeDatabase(config: DatabaseConfig): string {
  if (!config.url) return `the embedded PostgreSQL in ${config.embeddedDir}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/**
 * Opens the configured database, not yet initialized: the PostgreSQL server at `config.url`, or,
 * when it is unset, the embedded server on `config.embeddedDir` (joined, or started, here).
 */
export async function createDataSource(
  config: DatabaseConfig,
  schema: Schema,
  options: { embedded?: EmbeddedOptions; timeouts?: boolean } = {},
): Promise<DataSource> {
  let embedded: EmbeddedPostgres | undefined;
  if (!config.url) {
    if (config.embeddedDir === DEFAULT_EMBEDDED_DB_DIR) refusePgliteFolder(resolve('data', 'pglite'));
    embedded = await EmbeddedPostgres.acquire(config.embeddedDir, options.embedded);
  }
  const url = config.url ?? embedded!.url;
  return new AppDataSource(buildDataSourceOptions(url, config, config.poolSize, schema, options.timeouts ?? true), {
    migrate: config.migrationsRun,
    // The lock holds one connection while the migrations run on another.
    migrations: () => new DataSource(buildDataSourceOptions(url, config, 2, schema, false)),
    embedded,
  });
}

/** The URL a DataSource connects with (the embedded server's included), for connections of one's own. */
export function connectionUrl(dataSource: DataSource): string {
  return (dataSource.options as PostgresDataSourceOptions).url!;
}
