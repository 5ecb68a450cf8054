/**
 * What every instance of the HTTP app needs beyond its module: the Fastify adapter, the logger,
 * request ids, metrics, the JSON body parser and the OpenAPI document. `main.ts`, the tests and
 * the benchmark all go through here.
 */
import type { LoggerService, NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger as PinoLogger } from 'pino';

import { USER_TOKEN_SCHEME } from './auth/auth.decorators.js';
import { SERVICE_TOKEN_SCHEME } from './auth/service-token.guard.js';
import { BILLING_OPENAPI_PATHS } from './billing/billing.openapi.js';
import { BILLING_SCHEMAS } from './billing/billing.schemas.js';
import { AppConfig } from './config/app-config.js';
import { FASTIFY_AJV, schemaErrorFormatter } from './http/compiled-schema.js';
import { ERROR_BODY_SCHEMA } from './http/error-body.dto.js';
import { parseJsonBody } from './http/json-body.js';
import { completeDocument } from './http/openapi.js';
import { clientErrorHandler, frameworkErrors, installRouteErrors } from './http/route-errors.js';
import { ShutdownGate } from './http/shutdown.js';
import {
  createRootLogger,
  echoRequestId,
  OneLinePerRequest,
  PinoNestLogger,
  requestId,
} from './http/request-logging.js';
import { Metrics } from './metrics/metrics.js';

/** The most a request body may hold; the batch endpoint takes up to 2 MB (1,000 charges). */
export const JSON_BODY_LIMIT = 256 * 1024;

export const APP_OPTIONS: NestApplicationOptions = { bufferLogs: true, bodyParser: false };

/** @param logger the process's logger: one on stdout unless given (the benchmark's writes to /dev/null). */
export function createAdapter(logger: PinoLogger = createRootLogger()): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: logger,
    logController: new OneLinePerRequest(),
    bodyLimit: JSON_BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: requestId,
    ajv: FASTIFY_AJV,
    schemaErrorFormatter,
    frameworkErrors,
    clientErrorHandler,
    // On close, idle keep-alive sockets go at once; the others are told to (see ShutdownGate).
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  });
}

/** @param nestLogger Nest's logger: one on Fastify's logger unless given (main.ts gives its own). */
export function configureApp(app: NestFastifyApplication, nestLogger?: LoggerService): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.log.level = app.get(AppConfig).logLevel;
  app.useLogger(nestLogger ?? new PinoNestLogger(fastify.log as PinoLogger));
  echoRequestId(fastify);
  app.get(ShutdownGate).install(fastify);
  app.get(Metrics).observeRequests(fastify);
  installRouteErrors(fastify);
  // The API speaks JSON only: a body of any other type is 415 (Fastify would parse text/plain).
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', { bodyLimit: JSON_BODY_LIMIT }, parseJsonBody);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Platform quota service')
      .setDescription(
        'Per-user, per-platform USD spending caps (daily, weekly, monthly) for an AI API gateway. ' +
          'Every amount is a decimal string in responses and a JSON number or decimal string in requests. ' +
          'Errors have the body { statusCode, code, message, details? }.',
      )
      .setVersion('0.2.0')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'BILLING_SERVICE_TOKEN, for the internal billing endpoints' },
        SERVICE_TOKEN_SCHEME,
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A user token (HS256, JWT_SECRET; `npm run token -- --user-id <id>` mints one)',
        },
        USER_TOKEN_SCHEME,
      )
      .build(),
  );
  // The shapes defined as JSON Schema, under the names the operations refer to, and the billing
  // routes, which Fastify serves without a Nest controller.
  const schemas = { ErrorBodyDto: ERROR_BODY_SCHEMA, ...BILLING_SCHEMAS } as unknown as Record<string, SchemaObject>;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...schemas } };
  document.paths = { ...document.paths, ...(BILLING_OPENAPI_PATHS as unknown as typeof document.paths) };
  SwaggerModule.setup('docs', app, completeDocument(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}
