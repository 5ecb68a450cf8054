/**
 * Turns database errors that mean something to a caller into domain errors: a broken connection
 * is a 503, a violated named unique index is a 409 with its own code. Everything else is left alone.
 */
import { DomainError, ErrorCode } from '../common/domain-error.js';
import { databaseUnavailable, driverError, isTransientError, PG_UNIQUE_VIOLATION } from '../common/pg-errors.js';
import { USER_PLATFORM_QUOTA_ACTIVE_UQ } from '../quota/user-platform-quota.entity.js';
import { USERS_EMAIL_ACTIVE_UQ } from '../users/user.entity.js';

const UNIQUE_CONSTRAINTS: Record<string, { code: ErrorCode; message: string }> = {
  [USER_PLATFORM_QUOTA_ACTIVE_UQ]: {
    code: 'USER_PLATFORM_QUOTA_CONFLICT',
    message: 'The user already has an active quota for this platform.',
  },
  [USERS_EMAIL_ACTIVE_UQ]: { code: 'EMAIL_TAKEN', message: 'A user with this email already exists.' },
};

export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (isTransientError(error)) return databaseUnavailable(error);
  const { code, constraint } = driverError(error);
  if (code === PG_UNIQUE_VIOLATION && constraint && UNIQUE_CONSTRAINTS[constraint]) {
    const known = UNIQUE_CONSTRAINTS[constraint];
    return new DomainError(known.code, known.message, { cause: error });
  }
  return undefined;
}
