import { DynamicModule, Global, Module } from '@nestjs/common';

import { AppConfig, loadConfig, validateEnv } from './app-config.js';

/**
 * Validates the environment once and provides the typed `AppConfig` everywhere. Without an
 * explicit source it reads `.env` and the process environment (see `loadConfig`); given variables
 * (tests, CLIs that pass their own), it reads nothing else, so a developer's `.env` cannot leak
 * into a test; given a config already validated (main.ts), it uses that.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(source?: Record<string, string | undefined> | AppConfig): DynamicModule {
    const config = () => (source instanceof AppConfig ? source : source ? validateEnv(source) : loadConfig());
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useFactory: config }],
      exports: [AppConfig],
    };
  }
}
