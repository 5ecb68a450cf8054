/**
 * The one place database options are built. The app, `ormconfig.ts` (TypeORM CLI) and the tests
 * all open their DataSource through `createDataSource`, so they cannot drift apart. What the
 * schema holds (entities, migrations) is handed in by whoever composes the app: this folder knows
 * no feature.
 */
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';

import type { DatabaseConfig } from '../config/app-config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

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

/** A DataSource that also owns the embedded server behind it and stops it when destroyed. */
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
      await this.embedded.stop();
      throw error;
    }
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      await this.embedded.stop();
    }
  }
}

/** Describes the target without secrets, for the start-up log. */
export function describeDatabase(config: DatabaseConfig): string {
  if (!config.url) return `embedded PostgreSQL (PGlite) in ${config.embeddedDir}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/**
 * Opens the configured database, not yet initialized: the PostgreSQL server at `config.url`, or,
 * when it is unset, the embedded database (started here, pool of one connection).
 */
export async function createDataSource(config: DatabaseConfig, schema: Schema): Promise<DataSource> {
  if (config.url) {
    return new DataSource(buildDataSourceOptions(config.url, config, config.poolSize, schema));
  }
  const embedded = await EmbeddedPostgres.start(config.embeddedDir);
  return new EmbeddedDataSource(buildDataSourceOptions(embedded.url, config, 1, schema), embedded);
}
