/**
 * What the OpenAPI document states beyond what Nest derives from controllers and DTOs: the rules of
 * a whole request body (`additionalProperties`, `minProperties`, `oneOf`), and every answer an
 * operation can give, each with an example of the body the service sends.
 */
import type { OpenAPIObject } from '@nestjs/swagger';

import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../common/domain-error.js';
import { ErrorBodyDto } from './error-body.dto.js';

type Schema = Record<string, unknown>;

const CLASS_RULES = new Map<string, Schema>();

/**
 * Rules about a request DTO as a whole, merged into its schema: what class-validator checks across
 * fields (at least one field, exactly one of two), stated as JSON Schema.
 */
export const ApiSchemaRules =
  (rules: Schema): ClassDecorator =>
  (target) => {
    CLASS_RULES.set(target.name, rules);
  };

/** A property that must be absent (OpenAPI 3.0 has no `false` schema). */
export const ABSENT = { not: {} } as const;

/** The order an `Allow` header names methods in (see route-errors.ts). */
const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'];
const OPERATION_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const ERROR_CONTENT = (examples: Record<string, { summary: string; value: ErrorBody }>) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${ErrorBodyDto.name}` }, examples },
});

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
};

const error = (code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody => ({
  statusCode: ERROR_STATUS[code],
  code,
  message,
  ...(details ? { details } : {}),
});

const fieldError = (field: string, message: string) =>
  error('VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] });

/** Bodies for the codes an operation's answers name in their descriptions. */
const EXAMPLES: Partial<Record<ErrorCode, (at: Operation) => ErrorBody>> = {
  INVALID_DEFAULT_PLATFORM_QUOTA: () =>
    error('INVALID_DEFAULT_PLATFORM_QUOTA', 'default_platform_quotas.openai.daily: platform quota limit must be >= 0', {
      errors: [{ field: 'default_platform_quotas.openai.daily', message: 'platform quota limit must be >= 0' }],
    }),
  USER_NOT_FOUND: (at) =>
    at.path.endsWith('/apply-defaults')
      ? error('USER_NOT_FOUND', 'No such users: 43.', { user_ids: [43] })
      : error('USER_NOT_FOUND', 'User 42 does not exist.', { user_id: 42 }),
  USER_PLATFORM_QUOTA_NOT_FOUND: () =>
    error('USER_PLATFORM_QUOTA_NOT_FOUND', 'User 42 has no active quota for openai.', {
      user_id: 42,
      platform: 'openai',
    }),
  EMAIL_TAKEN: () => error('EMAIL_TAKEN', 'A user with this email already exists.'),
  IDEMPOTENCY_KEY_REUSED: (at) =>
    at.path.endsWith('/check')
      ? error('IDEMPOTENCY_KEY_REUSED', 'Request id req_01J9ZK3V6Q2 was already used for a different hold.', {
          request_id: 'req_01J9ZK3V6Q2',
          recorded: { user_id: 42, platform: 'openai', hold_usd: '0.5' },
        })
      : error('IDEMPOTENCY_KEY_REUSED', 'Request id req_01J9ZK3V6Q2 was already used for a different charge.', {
          request_id: 'req_01J9ZK3V6Q2',
          recorded: { user_id: 42, platform: 'openai', cost_usd: '0.0125' },
        }),
  HOLD_NOT_FOUND: () =>
    error('HOLD_NOT_FOUND', 'No hold was reserved under request id req_01J9ZK3V6Q2.', {
      request_id: 'req_01J9ZK3V6Q2',
    }),
  USAGE_OUT_OF_RANGE: () =>
    error('USAGE_OUT_OF_RANGE', 'This charge would take the usage beyond what DECIMAL(20,10) holds.', {
      request_id: 'req_01J9ZK3V6Q2',
    }),
  USER_PLATFORM_DAILY_QUOTA_EXHAUSTED: () =>
    error('USER_PLATFORM_DAILY_QUOTA_EXHAUSTED', 'Daily usage quota exhausted for this platform.', {
      platform: 'openai',
      window: 'daily',
      limit_usd: '10',
      usage_usd: '9.5',
      held_usd: '0.75',
      disabled: false,
      resets_at: '2026-01-02T00:00:00.000Z',
    }),
  OVERLOADED: () => error('OVERLOADED', 'Too many billing requests are waiting for the database; retry in a moment.'),
};

interface Operation {
  path: string;
  method: string;
  op: Schema & { responses: Record<string, Schema>; security?: unknown[]; parameters?: Schema[] };
  /** The methods the path takes, as an `Allow` header names them. */
  allowed: string[];
}

/** Completes the document Nest built (with the billing routes merged in); returns it. */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, rules] of CLASS_RULES) if (schemas[name]) Object.assign(schemas[name], rules);
  for (const [path, item] of Object.entries(document.paths) as [string, Record<string, Operation['op']>][]) {
    const methods = OPERATION_METHODS.filter((m) => item[m]);
    const allowed = METHOD_ORDER.filter((m) => methods.includes(m) || (m === 'head' && methods.includes('get')));
    for (const method of methods) {
      const op = item[method];
      const body = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      if (body) closeObjects(body, schemas, new Set());
      describeAnswers({ path, method, op, allowed: allowed.map((m) => m.toUpperCase()) });
    }
  }
  return document;
}

/** Unknown keys are refused in every request body (the validation pipe's forbidNonWhitelisted). */
function closeObjects(schema: Schema, schemas: Record<string, Schema>, seen: Set<Schema>): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const ref = schema.$ref as string | undefined;
  if (ref) {
    const target = schemas[ref.replace('#/components/schemas/', '')];
    if (target) closeObjects(target, schemas, seen);
    return;
  }
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  // Alternatives (oneOf, anyOf) add rules to the object they sit in: only the DTOs they name close.
  const children = [
    ...Object.values((schema.properties ?? {}) as Record<string, Schema>),
    ...(['allOf', 'oneOf', 'anyOf'] as const).flatMap((k) =>
      ((schema[k] ?? []) as Schema[]).filter((s) => k === 'allOf' || s.$ref !== undefined),
    ),
    ...(schema.items ? [schema.items as Schema] : []),
  ];
  for (const child of children) closeObjects(child, schemas, seen);
}

function describeAnswers(at: Operation): void {
  const { op, method, path } = at;
  const secured = (op.security?.length ?? 0) > 0;
  const billing = path.startsWith('/api/v1/internal/');
  const takesBody = BODY_METHODS.has(method);
  // Every API route refuses a query parameter it does not name (see RefuseUnknownQuery and the
  // billing routes); OpenAPI's parameters cannot say so.
  const api = path.startsWith('/api/');
  const hasInput = api || op.requestBody !== undefined || (op.parameters?.length ?? 0) > 0;
  if (api) {
    const note = op.parameters?.some((p) => p.in === 'query')
      ? 'A query parameter not listed here is refused (400 VALIDATION_FAILED).'
      : 'A query parameter is refused (400 VALIDATION_FAILED).';
    op.description = op.description ? `${op.description as string} ${note}` : note;
  }

  // 400: the codes already named, plus refused input and unreadable bodies.
  const invalid: Record<string, ErrorBody> = {};
  if (hasInput) invalid.VALIDATION_FAILED = validationExample(at);
  if (takesBody) {
    invalid.MALFORMED_REQUEST = error(
      'MALFORMED_REQUEST',
      `Malformed request: invalid JSON: Expected property name or '}' in JSON at position 1 (line 1 column 2)`,
    );
  }
  answer(
    at,
    400,
    invalid,
    takesBody
      ? 'Refused input (VALIDATION_FAILED; `details.errors` names each field) or an unreadable body (MALFORMED_REQUEST: not JSON, or not UTF-8).'
      : 'Refused input (VALIDATION_FAILED; `details.errors` names each field).',
  );
  if (secured) {
    const which = billing ? 'service' : 'bearer';
    answer(at, 401, {
      UNAUTHENTICATED: error('UNAUTHENTICATED', `Missing ${which} token: send Authorization: Bearer <token>.`),
    });
  }
  if (op.responses['403']) answer(at, 403, { FORBIDDEN: error('FORBIDDEN', 'This needs the admin role.') });
  if (/\{id\}/.test(path) && !op.responses['404']) {
    op.responses['404'] = { description: 'USER_NOT_FOUND' };
  }
  answer(at, 404, {});
  answer(at, 405, { METHOD_NOT_ALLOWED: methodNotAllowed(at) }, 'A method this path does not take.', {
    Allow: {
      description: 'The methods the path takes.',
      required: true,
      schema: { type: 'string' },
      example: at.allowed.join(', '),
    },
  });
  answer(at, 409, {});
  if (takesBody) {
    answer(
      at,
      413,
      { PAYLOAD_TOO_LARGE: error('PAYLOAD_TOO_LARGE', 'The request body is too large.') },
      'PAYLOAD_TOO_LARGE',
    );
    answer(
      at,
      415,
      {
        UNSUPPORTED_MEDIA_TYPE: error(
          'UNSUPPORTED_MEDIA_TYPE',
          'Request bodies must be JSON (Content-Type: application/json).',
        ),
      },
      'UNSUPPORTED_MEDIA_TYPE: a body that is not application/json.',
    );
  }
  answer(at, 422, {});
  answer(at, 429, {});

  if (path !== '/healthz') {
    answer(
      at,
      500,
      { INTERNAL_ERROR: error('INTERNAL_ERROR', 'Internal server error') },
      'INTERNAL_ERROR: an unexpected failure (logged in full; the answer says no more).',
    );
  }

  // 503: every request may meet a stopping instance; most need the database; some a secret.
  const unavailable: Record<string, ErrorBody> = {};
  if (path === '/readyz') {
    unavailable.NOT_READY = error('NOT_READY', 'Service Unavailable Exception', {
      status: 'error',
      info: {},
      error: { database: { status: 'down' } },
      details: { database: { status: 'down' } },
    });
  } else if (path !== '/healthz') {
    unavailable.DATABASE_UNAVAILABLE = error(
      'DATABASE_UNAVAILABLE',
      'The database is unavailable or busy; retry the request.',
    );
  }
  if (secured) {
    unavailable.NOT_CONFIGURED = billing
      ? error(
          'NOT_CONFIGURED',
          'The internal billing endpoints are disabled: set BILLING_SERVICE_TOKEN to enable them.',
        )
      : error(
          'NOT_CONFIGURED',
          'User authentication is disabled: set JWT_SECRET (at least 32 characters) to enable it.',
        );
  }
  unavailable.SHUTTING_DOWN = error('SHUTTING_DOWN', 'The service is shutting down; retry on another instance.');
  answer(
    at,
    503,
    unavailable,
    'Unavailable for now. SHUTTING_DOWN and DATABASE_UNAVAILABLE (and OVERLOADED) come with Retry-After; ' +
      'NOT_CONFIGURED lasts until the service is configured.',
    RETRY_AFTER,
  );
}

/**
 * Sets the answer's body schema and examples: `given` plus one per code its description names.
 * Does nothing for a status without examples that the operation does not document.
 */
function answer(
  at: Operation,
  status: number,
  given: Record<string, ErrorBody>,
  description?: string,
  headers?: Record<string, unknown>,
): void {
  const existing = at.op.responses[String(status)] as { description?: string; headers?: object } | undefined;
  const named = existing?.description
    ? [...existing.description.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)].map((m) => m[0] as ErrorCode)
    : [];
  const examples = { ...given };
  for (const code of named) {
    const example = EXAMPLES[code];
    if (example && ERROR_STATUS[code] === status && !examples[code]) examples[code] = example(at);
  }
  if (status === 429 && examples.USER_PLATFORM_DAILY_QUOTA_EXHAUSTED) {
    // Every window's code is possible; the examples show the daily one, spent and disabled.
    examples.DISABLED = error('USER_PLATFORM_DAILY_QUOTA_EXHAUSTED', 'Daily usage quota exhausted for this platform.', {
      platform: 'openai',
      window: 'daily',
      limit_usd: '0',
      usage_usd: '0',
      disabled: true,
      resets_at: null,
    });
  }
  if (Object.keys(examples).length === 0) return;
  at.op.responses[String(status)] = {
    description: existing?.description || description || Object.keys(examples).join(', '),
    ...((existing?.headers ?? headers) ? { headers: { ...headers, ...existing?.headers } } : {}),
    content: ERROR_CONTENT(
      Object.fromEntries(Object.entries(examples).map(([code, value]) => [code, { summary: code, value }])),
    ),
  };
}

/** What the first input the operation checks would be refused with. */
function validationExample(at: Operation): ErrorBody {
  const params = at.op.parameters ?? [];
  if (params.some((p) => p.in === 'path' && p.name === 'id')) return fieldError('id', 'id must be a positive integer');
  if (at.op.requestBody) {
    return fieldError('extra', 'property extra should not exist');
  }
  const query = params.find((p) => p.in === 'query' && (p.schema as Schema | undefined)?.minimum === 1);
  if (query) return fieldError(query.name as string, `${query.name as string} must not be less than 1`);
  const first = params[0];
  if (first) return fieldError(String(first.name), `${String(first.name)} is not valid`);
  // Nothing to refuse but a query parameter (see RefuseUnknownQuery).
  return fieldError('dry_run', 'property dry_run should not exist');
}

function methodNotAllowed(at: Operation): ErrorBody {
  const method = ['PUT', 'POST', 'GET'].find((m) => !at.allowed.includes(m)) ?? 'OPTIONS';
  const path = at.path.replace('{id}', '42').replace('{platform}', 'openai');
  return error('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}; it takes ${at.allowed.join(', ')}.`, {
    allowed: at.allowed,
  });
}
