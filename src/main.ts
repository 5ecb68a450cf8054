import 'reflect-metadata';

import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp } from './app.setup.js';
import { AppConfig } from './config/app-config.js';

async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), APP_OPTIONS));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(app.get(AppConfig).port);
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Main').log(`Listening on port ${port}; API docs at /docs`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
