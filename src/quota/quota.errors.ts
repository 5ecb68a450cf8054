import { DomainError } from '../common/domain-error.js';
import type { ConstraintErrors } from '../common/pg-errors.js';
import type { Platform } from '../common/domain.constants.js';
import { USER_PLATFORM_QUOTA_ACTIVE_UQ } from './user-platform-quota.entity.js';

/** The user has no active row for the platform (reset or remove of a platform it has not). */
export function quotaNotFound(userId: number, platform: Platform): DomainError {
  return new DomainError('USER_PLATFORM_QUOTA_NOT_FOUND', `User ${userId} has no active quota for ${platform}.`, {
    details: { user_id: userId, platform },
  });
}

export function duplicatePlatform(index: number, platform: Platform): DomainError {
  return DomainError.field(`quotas.${index}.platform`, `duplicate platform ${platform}`);
}

export function noLimitNamed(): DomainError {
  return DomainError.field('body', 'name at least one of daily_limit_usd, weekly_limit_usd, monthly_limit_usd');
}

/** What the quota table's named constraints mean to a caller. */
export const QUOTA_CONSTRAINT_ERRORS: ConstraintErrors = {
  [USER_PLATFORM_QUOTA_ACTIVE_UQ]: () =>
    new DomainError('USER_PLATFORM_QUOTA_CONFLICT', 'The user already has an active quota for this platform.'),
};
