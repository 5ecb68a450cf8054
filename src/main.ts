import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp, createAdapter } from './app.setup.js';
import { AppConfig } from './config/app-config.js';

async function bootstrap(): Promise<void> {
  const app = configureApp(
    await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(), createAdapter(), APP_OPTIONS),
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen({ port: app.get(AppConfig).port, host: '0.0.0.0' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : address;
  new Logger('Main').log(`Listening on port ${port}; API docs at /docs`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
