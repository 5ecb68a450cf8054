import { setTimeout as sleep } from 'node:timers/promises';

import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { AppConfig, DatabaseConfig } from '../config/app-config.js';
import { explainConnectFailure, worthRetrying } from './connect-failure.js';
import { createDataSource, describeDatabase, type Schema } from './data-source.js';

/** A server that is still starting gets this many tries, this far apart; nothing else is retried. */
const CONNECT_ATTEMPTS = 5;
const CONNECT_RETRY_MS = 2000;

/** What the factory below hands to `dataSourceFactory`: Nest's settings plus our config. */
type DatabaseModuleOptions = TypeOrmModuleOptions & { databaseConfig: DatabaseConfig };

/**
 * The app's DataSource. Each feature module registers its own entities
 * (`TypeOrmModule.forFeature`); the composition root hands in the migrations.
 */
@Module({})
export class DatabaseModule {
  static forRoot(migrations: Schema['migrations']): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig): DatabaseModuleOptions => ({
            type: 'postgres',
            databaseConfig: config.database,
            autoLoadEntities: true,
            // The factory below opens the database itself, retrying what is worth it.
            retryAttempts: 0,
            toRetry: () => false,
          }),
          // The options are built by createDataSource, the same function ormconfig.ts and the tests use.
          dataSourceFactory: async (options) => {
            const { databaseConfig, entities } = options as DatabaseModuleOptions;
            return open(databaseConfig, { entities: entities ?? [], migrations });
          },
        }),
      ],
    };
  }
}

/**
 * Opens and initializes (migrates) the database. A server that may still be starting is waited
 * for; any failure to reach it is thrown as a StartupError naming the variable to fix.
 */
async function open(config: DatabaseConfig, schema: Schema): Promise<DataSource> {
  const logger = new Logger('Database');
  logger.log(`Using ${describeDatabase(config)}`);
  for (let attempt = 1; ; attempt++) {
    let dataSource: DataSource | undefined;
    try {
      dataSource = await createDataSource(config, schema, { embedded: { log: (message) => logger.log(message) } });
      return await dataSource.initialize();
    } catch (error) {
      if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
      const explained = explainConnectFailure(error, config);
      if (attempt >= CONNECT_ATTEMPTS || !worthRetrying(error, config)) throw explained;
      logger.warn(
        `${(explained as Error).message} Trying again in ${CONNECT_RETRY_MS / 1000} s ` +
          `(attempt ${attempt} of ${CONNECT_ATTEMPTS}).`,
      );
      await sleep(CONNECT_RETRY_MS);
    }
  }
}
