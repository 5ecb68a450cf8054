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

/** The entities and migrations of the app, from the composition root. */
export interface Schema {
  entities: NonNullable<PostgresDataSourceOptions['entities']>;
  migrations: NonNullable<PostgresDataSourceOptions['migrations']>;
}

export function buildDataSourceOptions(
  url: string,
  config: DatabaseConfig,
  poolSize: number,
  schema: Schema,
): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsRun: config.migrationsRun,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: 'platform-quota-service',
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
  };
}

/** A DataSource on the embedded server: it joins the server first and leaves it when destroyed. */
class EmbeddedDataSource extends DataSource {
  constructor(
    options: PostgresDataSourceOptions,
    private readonly embedded: EmbeddedPostgres,
  ) {
    super(options);
  }

  override async initialize(): Promise<this> {
    try {
      return await super.initialize();
    } catch (error) {
      await this.embedded.release();
      throw error;
    }
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      await this.embedded.release();
    }
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
  embeddedOptions: EmbeddedOptions = {},
): Promise<DataSource> {
  if (config.url) {
    return new DataSource(buildDataSourceOptions(config.url, config, config.poolSize, schema));
  }
  if (config.embeddedDir === DEFAULT_EMBEDDED_DB_DIR) refusePgliteFolder(resolve('data', 'pglite'));
  const embedded = await EmbeddedPostgres.acquire(config.embeddedDir, embeddedOptions);
  return new EmbeddedDataSource(buildDataSourceOptions(embedded.url, config, config.poolSize, schema), embedded);
}

/** The URL a DataSource connects with (the embedded server's included), for connections of one's own. */
export function connectionUrl(dataSource: DataSource): string {
  return (dataSource.options as PostgresDataSourceOptions).url!;
}
