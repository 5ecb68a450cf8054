/**
 * One admin action on many users at once: apply the defaults, reset a window, or set limits, for
 * chosen users, the users a filter matches, or all of them. Each user is changed in a transaction
 * of its own, audited as the single action would be, and answered on its own: one user's failure
 * (a row that is not there to reset) does not stop the others. A dry run only says whom it would
 * touch.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';

import type { Actor } from '../audit/actor.js';
import type { Platform } from '../common/domain.constants.js';
import { DomainError, errorBody, type ErrorBody } from '../common/domain-error.js';
import { toDomainError } from '../common/pg-errors.js';
import { QuotaOverviewService, type UserFilter } from '../quota/quota-overview.service.js';
import { sameLimits, type Limits } from '../quota/quota-limits.js';
import { QuotaService, type ResetWindow } from '../quota/quota.service.js';
import { User } from '../users/user.entity.js';
import { userNotFound } from '../users/users.errors.js';
import { AccountsService, type ApplyDefaultsMode } from './accounts.service.js';

/** The most users one bulk action may touch. */
export const MAX_BULK_USERS = 10_000;

export type BulkTarget = { userIds: number[] } | { filter: UserFilter } | { all: true };

export type BulkAction =
  | { type: 'apply_defaults'; mode: ApplyDefaultsMode }
  | { type: 'reset'; platform: Platform; window: ResetWindow }
  | { type: 'set_limits'; platform: Platform; limits: Partial<Limits> };

export interface BulkResult {
  dryRun: boolean;
  /** The users the target holds. */
  users: number;
  results: { userId: number; email: string | null; ok: boolean; changed: boolean; error?: ErrorBody }[];
}

@Injectable()
export class BulkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly overview: QuotaOverviewService,
    private readonly quotas: QuotaService,
    private readonly accounts: AccountsService,
  ) {}

  async run(target: BulkTarget, action: BulkAction, dryRun: boolean, actor: Actor): Promise<BulkResult> {
    const ids = await this.targetIds(target);
    const users = await this.dataSource
      .getRepository(User)
      .find({ where: { id: In(ids) }, select: { id: true, email: true } });
    const emails = new Map(users.map((user) => [user.id, user.email]));
    const results: BulkResult['results'] = [];
    for (const userId of ids) {
      const email = emails.get(userId) ?? null;
      if (email === null) {
        results.push({ userId, email, ok: false, changed: false, error: errorBody(userNotFound(userId)) });
      } else if (dryRun) {
        results.push({ userId, email, ok: true, changed: false });
      } else {
        try {
          results.push({ userId, email, ok: true, changed: await this.apply(userId, action, actor) });
        } catch (error) {
          const known = toDomainError(error);
          if (!known) throw error;
          results.push({ userId, email, ok: false, changed: false, error: errorBody(known) });
        }
      }
    }
    return { dryRun, users: ids.length, results };
  }

  /** The users a target names, at most MAX_BULK_USERS (400 beyond: narrow the target). */
  private async targetIds(target: BulkTarget): Promise<number[]> {
    const ids =
      'userIds' in target
        ? [...new Set(target.userIds)]
        : await this.overview.userIds('filter' in target ? target.filter : {}, MAX_BULK_USERS + 1);
    if (ids.length > MAX_BULK_USERS) {
      throw DomainError.field(
        'target',
        `the target holds more than ${MAX_BULK_USERS.toLocaleString('en')} users; narrow it with a filter`,
      );
    }
    return ids;
  }

  /** Applies the action to one user, in a transaction of its own; whether anything changed. */
  private async apply(userId: number, action: BulkAction, actor: Actor): Promise<boolean> {
    switch (action.type) {
      case 'apply_defaults': {
        const result = await this.accounts.applyDefaults({ userIds: [userId] }, action.mode, actor);
        return result.rowsCreated + result.rowsUpdated > 0;
      }
      case 'reset':
        await this.quotas.reset(userId, action.platform, action.window, actor);
        return true;
      case 'set_limits': {
        const limitsOf = async () =>
          (await this.quotas.views(userId)).find((view) => view.platform === action.platform)?.windows;
        const before = await limitsOf();
        await this.quotas.patch(userId, action.platform, action.limits, actor);
        const after = (await limitsOf())!;
        const limits = (state: typeof after): Limits => ({
          daily: state.daily.limit,
          weekly: state.weekly.limit,
          monthly: state.monthly.limit,
        });
        return before === undefined || !sameLimits(limits(before), limits(after));
      }
    }
  }
}
