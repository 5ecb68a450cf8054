import { DynamicModule, Global, Module } from '@nestjs/common';

import { AppConfig, loadConfig, validateEnv } from './app-config.js';

/**
 * Validates the environment once and provides the typed `AppConfig` everywhere. Without an
 * explicit `env` it reads `.env` and the process environment (see `loadConfig`); given one (tests,
 * CLIs that pass their own), it reads nothing else, so a developer's `.env` cannot leak into a test.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => (env ? validateEnv(env) : loadConfig()) }],
      exports: [AppConfig],
    };
  }
}
