import { DomainError } from '../common/domain-error.js';

/** An unknown user id, or one whose user has been deleted. */
export function userNotFound(userId: number): DomainError {
  return new DomainError('USER_NOT_FOUND', `User ${userId} does not exist.`, { details: { user_id: userId } });
}
