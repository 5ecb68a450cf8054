/**
 * The composition root: configuration, logging, the database with the app's migrations, the
 * feature modules, and the global pipe and error filter (with every feature's constraint errors).
 */
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';

import { AdminModule } from './admin/admin.module.js';
import { BillingModule } from './billing/billing.module.js';
import { CommonModule } from './common/common.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { requestLoggingOptions } from './common/request-logging.js';
import { RequireJsonMiddleware } from './common/require-json.middleware.js';
import { createValidationPipe } from './common/validation.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MeModule } from './me/me.module.js';
import { MIGRATIONS } from './migrations/index.js';
import { QUOTA_CONSTRAINT_ERRORS } from './quota/quota.errors.js';
import { USERS_CONSTRAINT_ERRORS } from './users/users.errors.js';

export interface AppModuleOptions {
  /** Use exactly these variables instead of the process environment and `.env` (tests, CLIs). */
  env?: Record<string, string | undefined>;
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => requestLoggingOptions(config.logLevel),
        }),
        CommonModule,
        DatabaseModule.forRoot(MIGRATIONS),
        HealthModule,
        BillingModule,
        AdminModule,
        MeModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        {
          provide: APP_FILTER,
          useFactory: () => new DomainErrorFilter({ ...USERS_CONSTRAINT_ERRORS, ...QUOTA_CONSTRAINT_ERRORS }),
        },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequireJsonMiddleware).forRoutes('*path');
  }
}
