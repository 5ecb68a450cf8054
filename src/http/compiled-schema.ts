/**
 * Compiled JSON-schema validation on Fastify: the ajv options, the `x-money` keyword (amounts
 * keep the rules of money.ts), and ajv's errors as the service's VALIDATION_FAILED body. The
 * schemas themselves are also what the OpenAPI document shows: one definition per shape.
 */
import { Ajv, type ErrorObject, type KeywordDefinition, type Options, type ValidateFunction } from 'ajv';
import type { FastifyServerOptions } from 'fastify';

import { DomainError, type FieldError } from '../common/domain-error.js';
import { checkCost, checkLimit } from '../common/money.js';

/**
 * `x-money: "cost" | "limit"`: a JSON number or a decimal string that money.ts accepts as a cost
 * (rounded half-up to 10 fraction digits) or as a limit (exact). A value that passes is replaced
 * by its Money, so nothing reads the text twice. "x-" keeps it a legal OpenAPI extension.
 */
const moneyKeyword: KeywordDefinition = {
  keyword: 'x-money',
  schemaType: 'string',
  modifying: true,
  errors: true,
  validate: function validateMoney(kind: 'cost' | 'limit', data: unknown, _schema, context): boolean {
    const result = kind === 'cost' ? checkCost(data) : checkLimit(data);
    if (typeof result === 'string') {
      (validateMoney as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'x-money', message: result, params: { kind } },
      ];
      return false;
    }
    if (context?.parentData && context.parentDataProperty !== undefined) {
      (context.parentData as Record<string | number, unknown>)[context.parentDataProperty] = result;
    }
    return true;
  },
};

/**
 * Fastify's defaults would turn "42" into 42 (`coerceTypes`) and silently drop unknown keys even
 * under `additionalProperties: false` (`removeAdditional`): both are off. `allErrors`, so that
 * every offending field is named (bodies are bounded by their size limit and maxItems).
 */
const AJV_OPTIONS: Options = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  allErrors: true,
  // Errors carry their schema (for `x-rule`); only built when a body is refused.
  verbose: true,
  // `x-rule`: a field's rule in words, for the message of a pattern or length error.
  keywords: ['example', 'x-rule', moneyKeyword],
};

export const FASTIFY_AJV: FastifyServerOptions['ajv'] = { customOptions: AJV_OPTIONS as Record<string, unknown> };

/** A validator for one schema, compiled once, with the options Fastify's routes use. */
export function compileValidator(schema: object): ValidateFunction {
  return new Ajv(AJV_OPTIONS).compile(schema);
}

/** `/charges/3/cost_usd` (+ the property a required or additional error names) → `charges.3.cost_usd`. */
function fieldOf(error: ErrorObject, prefix: string): { field: string; leaf: string } {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const named =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : undefined;
  if (named !== undefined) segments.push(named);
  const leaf = segments.at(-1) ?? (prefix || 'body');
  return { field: [prefix, ...segments].filter(Boolean).join('.') || 'body', leaf };
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

function messageOf(error: ErrorObject, leaf: string): string {
  const params = error.params as Record<string, unknown>;
  const rule = (error.parentSchema as { 'x-rule'?: string } | undefined)?.['x-rule'];
  switch (error.keyword) {
    case 'required':
      return `${leaf} is required`;
    case 'additionalProperties':
      return `property ${leaf} should not exist`;
    case 'enum':
      return `${leaf} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${leaf} must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`;
    case 'minimum':
      return `${leaf} must not be less than ${String(params.limit)}`;
    case 'maximum':
      return `${leaf} must not be greater than ${String(params.limit)}`;
    case 'minItems':
      return `${leaf} must contain at least ${String(params.limit)} elements`;
    case 'maxItems':
      return `${leaf} must contain no more than ${String(params.limit)} elements`;
    case 'x-money':
      return `${leaf} ${error.message}`;
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      return rule ? `${leaf} ${rule}` : `${leaf} ${error.message}`;
    default:
      return `${leaf} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * ajv's errors as a VALIDATION_FAILED error, one entry per field: the one that names it best (see
 * rankOf), the first reported among equals. `prefix` names the item of a batch.
 */
export function validationError(errors: ErrorObject[], prefix = ''): DomainError {
  const byField = new Map<string, FieldError & { rank: number }>();
  for (const error of errors) {
    if (error.keyword === 'anyOf') continue;
    const { field, leaf } = fieldOf(error, prefix);
    const rank = rankOf(error);
    const known = byField.get(field);
    if (!known || rank > known.rank) byField.set(field, { field, message: messageOf(error, leaf), rank });
  }
  return DomainError.validation([...byField.values()].map(({ field, message }) => ({ field, message })));
}

/**
 * Which of a field's errors names it best: its money rule; then a rule of the alternative that
 * takes the value's type (a string amount's pattern); then a type error, which for a field with
 * alternatives only says the value is not of the first one.
 */
function rankOf(error: ErrorObject): number {
  if (error.keyword === 'x-money') return 3;
  return error.keyword === 'type' ? 1 : 2;
}

/**
 * Fastify's `schemaErrorFormatter`: what it returns becomes `request.validationError`. Without
 * it, Nest's filter would receive a plain Error with code FST_ERR_VALIDATION and answer 500.
 */
export function schemaErrorFormatter(errors: unknown[]): Error {
  return validationError(errors as ErrorObject[]);
}
