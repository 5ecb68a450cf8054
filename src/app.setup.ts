/**
 * What every instance of the HTTP app needs beyond its module: the logger, the JSON body parser
 * and the OpenAPI document. `main.ts` and the tests both go through here.
 */
import { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

import { USER_TOKEN_SCHEME } from './auth/auth.decorators.js';
import { SERVICE_TOKEN_SCHEME } from './auth/service-token.guard.js';

/** Large enough for a batch of 1,000 charges. */
export const JSON_BODY_LIMIT = '2mb';

export const APP_OPTIONS: NestApplicationOptions = { bufferLogs: true, bodyParser: false };

/**
 * JSON.parse keeps a "__proto__" key as data, but class-transformer would turn it into a prototype
 * on the way to a DTO, silently dropping it (and what it held). No field of this API has that name.
 */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a key in a JSON body');
  return value;
}

export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, reviver: refusePrototypeKeys });
  app.disable('x-powered-by');

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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
