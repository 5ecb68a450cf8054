/**
 * Users with their quotas at a glance, for an admin's list: a page of live users found by email,
 * auth source, platform and how close their limits are, sorted by id, email or how much of a
 * limit they have used, each with the state of its rows. Two statements per page, however many
 * users there are: one finds the page (and counts the matches), one reads its users' rows.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';

import { Clock } from '../common/clock.js';
import { PLATFORMS, WINDOWS, type AuthSource, type Platform } from '../common/domain.constants.js';
import { User } from '../users/user.entity.js';
import { type QuotaView } from './quota.service.js';
import { quotaState } from './quota-state.js';
import { UserPlatformQuota } from './user-platform-quota.entity.js';
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

/** The share of a limit used, in SQL: null when unlimited, 100 when disabled. */
const usedPercent = (limit: string, usage: string) =>
  `CASE WHEN ${limit} IS NULL THEN NULL WHEN ${limit} = 0 THEN 100 ELSE ${usage} * 100 / ${limit} END`;

const ORDER: Record<UserSort, string> = {
  id: 'u.id',
  email: 'lower(u.email), u.id',
  usage: 'p.max_percent DESC NULLS LAST, u.id',
};

const STATUS: Record<QuotaStatus, string> = {
  limited: 'p.limited',
  near_limit: 'p.max_percent >= 80',
  exhausted: 'p.exhausted',
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

  /** The users (in the order given) with the state of their rows now. */
  private async overviews(ids: number[]): Promise<UserOverview[]> {
    const [users, rows] = await Promise.all([
      this.dataSource.getRepository(User).findBy({ id: In(ids) }),
      this.dataSource.getRepository(UserPlatformQuota).findBy({ userId: In(ids) }),
    ]);
    const now = this.clock.now();
    const byUser = new Map<number, UserPlatformQuota[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
    const found = new Map(users.map((user) => [user.id, user]));
    return ids.map((id) => ({
      user: found.get(id)!,
      quotas: (byUser.get(id) ?? [])
        .sort((a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform))
        .map((row) => ({ platform: row.platform, windows: quotaState(row, this.windows, now) })),
    }));
  }

  /**
   * The live users a filter matches, with a count of them all. Filtering or sorting by quotas
   * joins one aggregate of every active row (usage counted only inside its current window, as
   * the views count it); otherwise the users table alone answers.
   */
  private matching(filter: UserFilter, sortedByUsage: boolean): { sql: string; params: unknown[] } {
    const byQuota = sortedByUsage || filter.platform !== undefined || filter.status !== undefined;
    const bounds = this.windows.bounds(this.clock.now());
    const params: unknown[] = byQuota ? WINDOWS.map((w) => bounds[w].cutoff) : [];
    const usage = (w: string, i: number) =>
      `CASE WHEN q.${w}_window_start >= $${i + 1} THEN q.${w}_usage_usd ELSE 0 END`;
    const percents = WINDOWS.map((w, i) => usedPercent(`q.${w}_limit_usd`, usage(w, i)));
    const exhausted = WINDOWS.map((w, i) => `${usage(w, i)} >= q.${w}_limit_usd`);
    const conditions = ['u.deleted_at IS NULL'];
    if (filter.search) {
      params.push(`%${filter.search.replace(/[\\%_]/g, '\\$&')}%`);
      conditions.push(`u.email ILIKE $${params.length} ESCAPE '\\'`);
    }
    if (filter.authSource) {
      params.push(filter.authSource);
      conditions.push(`u.auth_source = $${params.length}`);
    }
    if (filter.platform) {
      params.push(filter.platform);
      conditions.push(`$${params.length} = ANY(p.platforms)`);
    }
    if (filter.status) conditions.push(STATUS[filter.status]);
    if (!byQuota) {
      return { sql: `SELECT u.id, count(*) OVER () AS total FROM users u WHERE ${conditions.join(' AND ')}`, params };
    }
    const sql = `
      WITH p AS (
        SELECT q.user_id,
          max(greatest(${percents.join(', ')})) AS max_percent,
          bool_or(${WINDOWS.map((w) => `q.${w}_limit_usd IS NOT NULL`).join(' OR ')}) AS limited,
          coalesce(bool_or(${exhausted.join(' OR ')}), false) AS exhausted,
          array_agg(q.platform) AS platforms
        FROM user_platform_quotas q
        WHERE q.deleted_at IS NULL
        GROUP BY q.user_id
      )
      SELECT u.id, count(*) OVER () AS total
      FROM users u LEFT JOIN p ON p.user_id = u.id
      WHERE ${conditions.join(' AND ')}`;
    return { sql, params };
  }
}
