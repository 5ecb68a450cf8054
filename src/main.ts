import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp, createAdapter } from './app.setup.js';
import { AppConfig } from './config/app-config.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

async function bootstrap(): Promise<void> {
  const app = configureApp(
    await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(), createAdapter(), APP_OPTIONS),
  );
  const { http } = app.get(AppConfig);
  const logger = new Logger('Main');
  // Nest closes the app on these (answering 503 from then on, finishing what was accepted,
  // writing queued charges, closing the database), then exits; this bounds how long it may take.
  app.enableShutdownHooks([...SIGNALS]);
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error(`Shutdown did not finish within SHUTDOWN_TIMEOUT_MS (${http.shutdownTimeoutMs} ms); exiting`);
        process.exit(1);
      }, http.shutdownTimeoutMs).unref();
    });
  }
  await app.listen({ port: http.port, host: '0.0.0.0', backlog: http.backlog });
  const server = app.getHttpServer();
  if (http.maxConnections > 0) server.maxConnections = http.maxConnections;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : address;
  logger.log(`Listening on port ${port}; API docs at /docs`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
