import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';

import { CommonModule } from './common/common.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { requestLoggingOptions } from './common/request-logging.js';
import { createValidationPipe } from './common/validation.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';

export interface AppModuleOptions {
  /** Use exactly these variables instead of the process environment and `.env` (tests, CLIs). */
  env?: Record<string, string | undefined>;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: requestLoggingOptions }),
        CommonModule,
        DatabaseModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
