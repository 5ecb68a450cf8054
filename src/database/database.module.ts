import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';

import { isTransientError } from '../common/pg-errors.js';
import { AppConfig, DatabaseConfig } from '../config/app-config.js';
import { createDataSource, describeDatabase, type Schema } from './data-source.js';

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
            // A server may still be starting; anything else (a bad URL, a failed migration, a busy
            // embedded folder) will not get better by waiting.
            retryAttempts: 5,
            retryDelay: 2000,
            toRetry: (error: unknown) => config.database.url !== undefined && isTransientError(error),
          }),
          // The options are built by createDataSource, the same function ormconfig.ts and the tests use.
          dataSourceFactory: async (options) => {
            const { databaseConfig, entities } = options as DatabaseModuleOptions;
            const logger = new Logger('Database');
            logger.log(`Using ${describeDatabase(databaseConfig)}`);
            return createDataSource(
              databaseConfig,
              { entities: entities ?? [], migrations },
              { embedded: { log: (message) => logger.log(message) } },
            );
          },
        }),
      ],
    };
  }
}
