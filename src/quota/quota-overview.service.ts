/**
 * Users with their quotas at a glance, for an admin's list: a page of live users found by email,
 * auth source, platform and how close their limits are, sorted by id, email or how much of a
 * limit they have used, each with the state of its rows. Two statements per page, however many
 * users there are: one finds the page (and counts the matches), one reads its users' rows.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Clock } from '../common/clock.js';
import { PLATFORMS, WINDOWS, type AuthSource, type Platform, type Role } from '../common/domain.constants.js';
import { type Money, ZERO } from '../common/money.js';
import type { User } from '../users/user.entity.js';
import { heldAmounts } from './held-amounts.js';
import { type QuotaView } from './quota.service.js';
import { quotaState, STORED_QUOTA_COLUMNS, storedQuota, type StoredQuotaRow } from './quota-state.js';
import { QuotaWindows } from './windows.js';

/** `limited`: has a limit; `near_limit`: a limited window at 80 % or more; `exhausted`: a window at or over its limit. */
export const QUOTA_STATUSES = ['limited', 'near_limit', 'exhausted'] as const;
export type QuotaStatus = (typeof QUOTA_STATUSES)[number];

/** `usage`: the highest share of a limit used first. */
export const USER_SORTS = ['id', 'email', 'usage'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserFilter {
  /** Part of the email, case-insensitive. */
  search?: string;
  authSource?: AuthSource;
  /** Users with an active row on this platform. */
  platform?: Platform;
  status?: QuotaStatus;
}

export interface OverviewQuery extends UserFilter {
  page: number;
  pageSize: number;
  sort: UserSort;
}

export interface UserOverview {
  user: User;
  quotas: QuotaView[];
}

interface UserRow {
  id: string;
  email: string;
  auth_source: AuthSource;
  role: Role;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const ORDER: Record<UserSort, string> = {
  id: 'u.id',
  email: 'lower(u.email), u.id',
  usage: 'p.max_percent DESC NULLS LAST, u.id',
};

@Injectable()
export class QuotaOverviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
  ) {}

  async page(query: OverviewQuery): Promise<{ items: UserOverview[]; total: number }> {
    const { sql, params } = this.matching(query, query.sort === 'usage');
    const rows: { id: string; total: string }[] = await this.dataSource.query(
      `${sql} ORDER BY ${ORDER[query.sort]} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    if (rows.length > 0)
      return { items: await this.overviews(rows.map((row) => Number(row.id))), total: Number(rows[0].total) };
    // The count comes with the rows; past the last page, it is counted apart.
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) matched`, params);
    return { items: [], total: n };
  }

  /** The ids of every live user the filter matches, in id order. */
  async userIds(filter: UserFilter, limit: number): Promise<number[]> {
    const { sql, params } = this.matching(filter, false);
    const rows: { id: string }[] = await this.dataSource.query(`${sql} ORDER BY u.id LIMIT $${params.length + 1}`, [
      ...params,
      limit,
    ]);
    return rows.map((row) => Number(row.id));
  }

  /** The users (in the order given) with the state of their rows now, read without entities. */
  private async overviews(ids: number[]): Promise<UserOverview[]> {
    const [users, rows] = await Promise.all([
      this.dataSource.query(
        `SELECT id, email, auth_source, role, created_at, updated_at, deleted_at FROM users WHERE id = ANY($1::bigint[])`,
        [ids],
      ) as Promise<UserRow[]>,
      this.dataSource.query(
        `SELECT user_id, platform, ${STORED_QUOTA_COLUMNS.join(', ')} FROM user_platform_quotas
          WHERE user_id = ANY($1::bigint[]) AND deleted_at IS NULL`,
        [ids],
      ) as Promise<({ user_id: string; platform: Platform } & StoredQuotaRow)[]>,
    ]);
    const now = this.clock.now();
    const held = rows.length > 0 ? await heldAmounts(this.dataSource.manager, ids, now) : new Map<string, Money>();
    const byUser = new Map<number, QuotaView[]>();
    for (const row of rows) {
      const userId = Number(row.user_id);
      const views = byUser.get(userId) ?? [];
      const amount = held.get(`${userId}:${row.platform}`) ?? ZERO;
      views.push({
        platform: row.platform,
        held: amount,
        windows: quotaState(storedQuota(row), this.windows, now, amount),
      });
      byUser.set(userId, views);
    }
    const found = new Map(users.map((user) => [Number(user.id), user]));
    return ids.map((id) => {
      const user = found.get(id)!;
      return {
        user: {
          id,
          email: user.email,
          authSource: user.auth_source,
          role: user.role,
          createdAt: user.created_at,
          updatedAt: user.updated_at,
          deletedAt: user.deleted_at,
        },
        quotas: (byUser.get(id) ?? []).sort((a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform)),
      };
    });
  }

  /**
   * The live users a filter matches, with a count of them all. Filtering or sorting by quotas
   * joins the users to their rows that match (usage counted only inside its current window, as
   * the views count it), grouped per user; otherwise the users table alone answers. With a
   * platform, only that platform's row counts. The share used is computed in floating point to
   * sort by; whether a row is at 80 % or at its limit is decided exactly.
   */
  private matching(filter: UserFilter, sortedByUsage: boolean): { sql: string; params: unknown[] } {
    const byQuota = sortedByUsage || filter.platform !== undefined || filter.status !== undefined;
    const params: unknown[] = [];
    const conditions = ['u.deleted_at IS NULL'];
    if (filter.search) {
      params.push(`%${filter.search.replace(/[\\%_]/g, '\\$&')}%`);
      conditions.push(`u.email ILIKE $${params.length} ESCAPE '\\'`);
    }
    if (filter.authSource) {
      params.push(filter.authSource);
      conditions.push(`u.auth_source = $${params.length}`);
    }
    if (!byQuota) {
      return { sql: `SELECT u.id, count(*) OVER () AS total FROM users u WHERE ${conditions.join(' AND ')}`, params };
    }
    const bounds = this.windows.bounds(this.clock.now());
    const window = WINDOWS.map((w) => {
      params.push(bounds[w].cutoff);
      const limit = `q.${w}_limit_usd`;
      const usage = `(CASE WHEN q.${w}_window_start >= $${params.length} THEN q.${w}_usage_usd ELSE 0 END)`;
      return {
        percent: `CASE WHEN ${limit} IS NULL THEN NULL WHEN ${limit} = 0 THEN 100 ELSE ${usage}::float8 * 100 / ${limit}::float8 END`,
        limited: `${limit} IS NOT NULL`,
        nearLimit: `${usage} * 5 >= ${limit} * 4`,
        exhausted: `${usage} >= ${limit}`,
      };
    });
    const rowConditions = ['q.deleted_at IS NULL'];
    if (filter.platform) {
      params.push(filter.platform);
      rowConditions.push(`q.platform = $${params.length}`);
    }
    const status: Record<QuotaStatus, keyof (typeof window)[number]> = {
      limited: 'limited',
      near_limit: 'nearLimit',
      exhausted: 'exhausted',
    };
    if (filter.status) rowConditions.push(`(${window.map((w) => w[status[filter.status!]]).join(' OR ')})`);
    const sql = `
      WITH p AS (
        SELECT q.user_id, max(greatest(${window.map((w) => w.percent).join(', ')})) AS max_percent
        FROM user_platform_quotas q
        WHERE ${rowConditions.join(' AND ')}
        GROUP BY q.user_id
      )
      SELECT u.id, count(*) OVER () AS total
      FROM users u ${filter.platform || filter.status ? 'JOIN' : 'LEFT JOIN'} p ON p.user_id = u.id
      WHERE ${conditions.join(' AND ')}`;
    return { sql, params };
  }
}
