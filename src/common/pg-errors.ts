/** Recognises PostgreSQL and connection errors, wherever they were raised (pg, TypeORM). */
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

export function pgErrorCode(error: unknown): string | undefined {
  return driverError(error).code;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = driverError(error);
  return e.code === PG_UNIQUE_VIOLATION && e.constraint === constraint;
}

export function isCheckViolation(error: unknown): boolean {
  return driverError(error).code === PG_CHECK_VIOLATION;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
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
 * True when the database could not be reached or the connection broke: the outcome of the
 * statement is unknown to us, and the caller should be told to retry (503), not that it failed.
 */
export function isConnectionError(error: unknown): boolean {
  const e = driverError(error);
  if (e.code && CONNECTION_ERROR_CODES.has(e.code)) return true;
  // Class 08: connection exception; 57P01-03: the server is shutting down or cannot connect now.
  if (e.code && (e.code.startsWith('08') || /^57P0[1-3]$/.test(e.code))) return true;
  const message = e.message ?? '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

export function databaseUnavailable(cause: unknown): DomainError {
  return new DomainError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry the request later.', {
    cause,
    retryAfterSeconds: 1,
  });
}
