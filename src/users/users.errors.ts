/** What goes wrong with user ids and emails, and the checks that say so inside a transaction. */
import { EntityManager, In } from 'typeorm';

import type { AuthSource } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import type { ConstraintErrors } from '../common/pg-errors.js';
import { User, USERS_EMAIL_ACTIVE_UQ } from './user.entity.js';

/** An unknown user id, or one whose user has been deleted. */
export function userNotFound(userId: number): DomainError {
  return new DomainError('USER_NOT_FOUND', `User ${userId} does not exist.`, { details: { user_id: userId } });
}

export function usersNotFound(userIds: number[]): DomainError {
  return new DomainError('USER_NOT_FOUND', `No such users: ${userIds.join(', ')}.`, { details: { user_ids: userIds } });
}

/** What the users table's named constraints mean to a caller. */
export const USERS_CONSTRAINT_ERRORS: ConstraintErrors = {
  [USERS_EMAIL_ACTIVE_UQ]: () => new DomainError('EMAIL_TAKEN', 'A user with this email already exists.'),
};

/**
 * Row locks on users, here and wherever admins change a user's rows: FOR NO KEY UPDATE, not FOR
 * UPDATE, because the foreign key checks of charges take FOR KEY SHARE on the user, which FOR
 * UPDATE would block (stalling every charge queued behind that one).
 */
const LOCK = { mode: 'for_no_key_update' } as const;

/**
 * 404 for an unknown or deleted user; with `lock`, also serialises admin writers to this user's
 * rows until the transaction ends.
 */
export async function requireUser(manager: EntityManager, userId: number, { lock = false } = {}): Promise<void> {
  const found = await manager.findOne(User, {
    where: { id: userId },
    select: { id: true },
    lock: lock ? LOCK : undefined,
  });
  if (!found) throw userNotFound(userId);
}

/** Locks the named live users (or all of them), in id order; 404 naming every unknown id. */
export async function lockUsers(
  manager: EntityManager,
  userIds: number[] | 'all',
): Promise<{ id: number; authSource: AuthSource }[]> {
  const users = await manager.find(User, {
    where: userIds === 'all' ? {} : { id: In(userIds) },
    select: { id: true, authSource: true },
    order: { id: 'ASC' },
    lock: LOCK,
  });
  if (userIds !== 'all') {
    const found = new Set(users.map((u) => u.id));
    const missing = [...new Set(userIds)].filter((id) => !found.has(id));
    if (missing.length > 0) throw usersNotFound(missing);
  }
  return users;
}
