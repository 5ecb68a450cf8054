/**
 * The composition root: configuration, metrics, the database with the app's migrations, the
 * feature modules, and the global pipe and error filter (with every feature's constraint errors).
 * The HTTP platform (Fastify, logging, body parsing, OpenAPI) is set up in app.setup.ts.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';

import { AdminModule } from './admin/admin.module.js';
import { BillingModule } from './billing/billing.module.js';
import { CommonModule } from './common/common.module.js';
import { ConsoleModule } from './console/console.module.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { DomainErrorFilter } from './http/domain-error.filter.js';
import { ShutdownModule } from './http/shutdown.js';
import { RefuseUnknownQuery } from './http/no-unknown-query.js';
import { createValidationPipe } from './http/validation.js';
import { MeModule } from './me/me.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MIGRATIONS } from './migrations/index.js';
import { QUOTA_CONSTRAINT_ERRORS } from './quota/quota.errors.js';
import { USERS_CONSTRAINT_ERRORS } from './users/users.errors.js';

export interface AppModuleOptions {
  /** Use exactly these variables instead of the process environment and `.env` (tests, CLIs). */
  env?: Record<string, string | undefined>;
  /** Use this configuration, already loaded (main.ts). */
  config?: AppConfig;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.config ?? options.env),
        CommonModule,
        ShutdownModule,
        MetricsModule,
        DatabaseModule.forRoot(MIGRATIONS),
        HealthModule,
        BillingModule,
        AdminModule,
        MeModule,
        ConsoleModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: RefuseUnknownQuery },
        {
          provide: APP_FILTER,
          useFactory: () => new DomainErrorFilter({ ...USERS_CONSTRAINT_ERRORS, ...QUOTA_CONSTRAINT_ERRORS }),
        },
      ],
    };
  }
}
