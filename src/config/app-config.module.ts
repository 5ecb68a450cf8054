import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';

import { AppConfig, validateEnv } from './app-config.js';

/**
 * Loads `.env` and the process environment through @nestjs/config, validates them once and
 * provides the typed `AppConfig` everywhere. Given an explicit `env` (tests, CLIs), it reads
 * nothing else, so a developer's `.env` cannot leak into a test.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env?: Record<string, string | undefined>): DynamicModule {
    const explicit = env !== undefined;
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: explicit,
          ignoreEnvVars: explicit,
          // Kept under one object key so nothing is copied back into process.env.
          validate: (raw) => ({ app: validateEnv(env ?? raw) }),
        }),
      ],
      providers: [
        {
          provide: AppConfig,
          useFactory: (config: ConfigService) => config.getOrThrow<AppConfig>('app'),
          inject: [ConfigService],
        },
      ],
      exports: [AppConfig],
    };
  }
}
