/**
 * The one error type services throw. Each code has a fixed HTTP status here, and only the global
 * filter turns it into a response; services never throw HttpException.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVALID_DEFAULT_PLATFORM_QUOTA: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  USER_PLATFORM_QUOTA_NOT_FOUND: 404,
  HOLD_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  EMAIL_TAKEN: 409,
  USER_PLATFORM_QUOTA_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  USAGE_OUT_OF_RANGE: 422,
  USER_PLATFORM_DAILY_QUOTA_EXHAUSTED: 429,
  USER_PLATFORM_WEEKLY_QUOTA_EXHAUSTED: 429,
  USER_PLATFORM_MONTHLY_QUOTA_EXHAUSTED: 429,
  INTERNAL_ERROR: 500,
  NOT_CONFIGURED: 503,
  NOT_READY: 503,
  DATABASE_UNAVAILABLE: 503,
  OVERLOADED: 503,
  SHUTTING_DOWN: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One offending input: `field` is a dotted path into the request (`charges.3.cost_usd`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  details?: Record<string, unknown>;
  /** Sent as the `Retry-After` header (whole seconds). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** A 400 naming the offending fields; `message` defaults to the first field's message. */
  static validation(errors: FieldError[], message?: string): DomainError {
    return new DomainError('VALIDATION_FAILED', message ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      details: { errors },
    });
  }

  static field(field: string, message: string): DomainError {
    return DomainError.validation([{ field, message }]);
  }
}

/** The body of an error response: `{ statusCode, code, message, details? }`. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  /** Only in an item of a batch answer (200), where no Retry-After header can carry it. */
  retryAfterSeconds?: number;
}

export function errorBody(error: DomainError): ErrorBody {
  const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  return body;
}
