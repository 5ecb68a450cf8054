/**
 * Builds the real app (the real AppModule, pipes, filter, migrations) against a test database,
 * with the clock and the environment under the test's control.
 */
import { appendFileSync } from 'node:fs';

import { ConsoleLogger, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module.js';
import { APP_OPTIONS, configureApp, createAdapter } from '../../src/app.setup.js';
import { Clock } from '../../src/common/clock.js';
import { FakeClock } from './fake-clock.js';
import { AnswerRecorder } from './openapi-contract.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';

export const BASE_TEST_ENV: Record<string, string> = {
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  QUOTA_TIMEZONE: 'UTC',
  JWT_SECRET: TEST_JWT_SECRET,
};

const SILENT: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

export interface TestApp {
  app: NestFastifyApplication;
  /** The database the app runs on. */
  db: TestDatabase;
  /** The HTTP server, for supertest. */
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  dataSource: DataSource;
  clock: FakeClock;
  /** Closes the app; fails when an answer it sent does not match the OpenAPI document. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  clock?: FakeClock;
}

export async function createTestApp(db: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new FakeClock();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ env: { ...BASE_TEST_ENV, ...db.env, ...options.env } })],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .setLogger(process.env.TEST_LOG_LEVEL ? new ConsoleLogger() : SILENT)
    .compile();
  const app = configureApp(moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), APP_OPTIONS));
  const answers = new AnswerRecorder(app.getHttpAdapter().getInstance());
  await app.init();
  // Fastify must be ready before supertest's first request reaches it.
  await app.getHttpAdapter().getInstance().ready();
  answers.use((await request(app.getHttpServer()).get('/docs-json').expect(200)).body);
  return {
    app,
    db,
    http: app.getHttpServer(),
    dataSource: app.get(DataSource),
    clock,
    close: async () => {
      await app.close();
      reportAnswers(answers);
    },
  };
}

/**
 * The real app for the tests of the enclosing `describe` (or file): built before them on a fresh
 * database of its own (or on `options.db`), closed after them, with that database dropped. The
 * object returned is filled in before the first test runs.
 */
export function useTestApp(options: TestAppOptions & { db?: TestDatabase } = {}): TestApp {
  const handle = {} as TestApp;
  beforeAll(async () => {
    const db = options.db ?? (await createTestDatabase());
    try {
      Object.assign(handle, await createTestApp(db, options));
    } catch (error) {
      if (!options.db) await db.drop();
      throw error;
    }
  });
  afterAll(async () => {
    await handle.close?.();
    if (!options.db) await handle.db?.drop();
  });
  return handle;
}

/**
 * Every answer a test file received was checked against /docs-json (see openapi-contract.ts); a
 * mismatch fails the file. With TEST_CONTRACT_LOG set, the counts are appended to that file.
 */
function reportAnswers(answers: AnswerRecorder): void {
  if (process.env.TEST_CONTRACT_LOG) {
    appendFileSync(
      process.env.TEST_CONTRACT_LOG,
      `${JSON.stringify({ file: expect.getState().testPath, checked: answers.checked, problems: answers.problems.length })}\n`,
    );
  }
  if (answers.problems.length > 0) {
    throw new Error(`Answers that do not match the OpenAPI document:\n${answers.problems.join('\n')}`);
  }
}
