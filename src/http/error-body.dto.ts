/**
 * The body of every error response, `{ statusCode, code, message, details? }`, as JSON Schema:
 * the serializer of the batch answer uses it, and the OpenAPI document shows it as ErrorBodyDto.
 */
export const ERROR_BODY_SCHEMA = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', example: 'VALIDATION_FAILED', description: 'Stable machine-readable code.' },
    message: { type: 'string', example: 'cost_usd: cost_usd must be >= 0' },
    details: {
      type: 'object',
      additionalProperties: true,
      description: 'For refused input, `errors`: the offending fields; other codes carry their own facts.',
      example: { errors: [{ field: 'cost_usd', message: 'cost_usd must be >= 0' }] },
    },
    retryAfterSeconds: {
      type: 'integer',
      example: 1,
      description:
        'Only in the error of one item of a batch answer (which is 200): the seconds a single request would have ' +
        'been told to wait in its Retry-After header (503 OVERLOADED, DATABASE_UNAVAILABLE, SHUTTING_DOWN).',
    },
  },
  required: ['statusCode', 'code', 'message'],
  additionalProperties: false,
} as const;

/** The name under which error responses refer to ERROR_BODY_SCHEMA in the OpenAPI document. */
export class ErrorBodyDto {}
