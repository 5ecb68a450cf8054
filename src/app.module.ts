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
import { UserModule } from './user/user.module.js';

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
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: requestLoggingOptions }),
        CommonModule,
        DatabaseModule,
        HealthModule,
        BillingModule,
        AdminModule,
        UserModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequireJsonMiddleware).forRoutes('*path');
  }
}
