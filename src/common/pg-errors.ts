/**
 * Recognises PostgreSQL and connection errors, wherever they were raised (pg, TypeORM), and turns
 * those that mean something to a caller into domain errors.
 */
import { DomainError } from './domain-error.js';

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_NUMERIC_VALUE_OUT_OF_RANGE = '22003';
export const PG_DEADLOCK_DETECTED = '40P01';
export const PG_SERIALIZATION_FAILURE = '40001';

export interface PgErrorFields {
  code?: string;
  constraint?: string;
  message?: string;
}

/** The driver error behind a TypeORM QueryFailedError, or the error itself. */
export function driverError(error: unknown): PgErrorFields {
  if (typeof error !== 'object' || error === null) return {};
  const wrapped = (error as { driverError?: unknown }).driverError;
  return (typeof wrapped === 'object' && wrapped !== null ? wrapped : error) as PgErrorFields;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  // No socket file: a server reached through a Unix socket is not running.
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
  'Client was closed',
  'Cannot use a pool after calling end',
];

/**
 * True when the failure says nothing about the request, only about the database right now: it
 * could not be reached, the connection broke, a statement timed out or was cancelled, a lock wait
 * or deadlock was given up, the server is out of resources or shutting down. The caller should be
 * told to retry (503); the outcome of a write may be unknown, which request ids make harmless.
 */
export function isTransientError(error: unknown): boolean {
  const e = driverError(error);
  if (e.code && CONNECTION_ERROR_CODES.has(e.code)) return true;
  // 08 connection exception, 40 transaction rollback (deadlock, serialization), 53 insufficient
  // resources, 57 operator intervention (cancel, timeout, shutdown), 58 system error, 55P03 lock timeout.
  if (e.code && (/^(08|40|53|57|58)/.test(e.code) || e.code === '55P03')) return true;
  const message = e.message ?? '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/** Data exceptions (22) and integrity violations (23): something in the statement's input is wrong. */
export function isDataError(error: unknown): boolean {
  return /^2[23]/.test(driverError(error).code ?? '');
}

export function databaseUnavailable(cause: unknown): DomainError {
  return new DomainError('DATABASE_UNAVAILABLE', 'The database is unavailable or busy; retry the request.', {
    cause,
    retryAfterSeconds: 1,
  });
}

/**
 * What the violation of a named constraint means to a caller. Each feature owns the map of its
 * own constraints; the composition root hands them all to the error filter.
 */
export type ConstraintErrors = Readonly<Record<string, () => DomainError>>;

/**
 * The domain error a database failure stands for: a broken connection is a 503, a violated unique
 * constraint named in `constraints` is that feature's error. Anything else: undefined.
 */
export function toDomainError(error: unknown, constraints: ConstraintErrors = {}): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (isTransientError(error)) return databaseUnavailable(error);
  const { code, constraint } = driverError(error);
  const known = code === PG_UNIQUE_VIOLATION && constraint ? constraints[constraint] : undefined;
  if (!known) return undefined;
  const mapped = known();
  return new DomainError(mapped.code, mapped.message, { details: mapped.details, cause: error });
}
