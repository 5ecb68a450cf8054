/**
 * The runtime layer as admins and users see and change it: a user's active quota rows, replaced,
 * patched, removed or reset, each write with its audit entry in the same transaction. Limits
 * change in place; usage and window starts are kept unless a window is reset on purpose.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';

import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { PLATFORMS, WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { formatMoney, moneyToDb, ZERO, type Money } from '../common/money.js';
import { requireUser } from '../users/users.errors.js';
import { heldAmounts } from './held-amounts.js';
import { duplicatePlatform, noLimitNamed, quotaNotFound } from './quota.errors.js';
import { limitsJson, limitsOf, sameLimits, UNLIMITED, type Limits } from './quota-limits.js';
import { quotaState, type QuotaState } from './quota-state.js';
import { UserPlatformQuota } from './user-platform-quota.entity.js';
import { QuotaWindows } from './windows.js';

export interface QuotaView {
  platform: Platform;
  /** What live holds keep; counted as used in each window's state. */
  held: Money;
  windows: QuotaState;
}

export interface QuotaItem {
  platform: Platform;
  limits: Limits;
}

export type ResetWindow = QuotaWindow | 'all';

type LimitsRow = QuotaItem & { userId: number };

/** Which of a user's active rows a soft delete removes: all, one platform, or all but some. */
export type RowSelection = { only: Platform } | { except: Platform[] } | 'all';

/** Row locks on quota rows, in the same mode as on users (see users.errors.ts). */
const LOCK = { mode: 'for_no_key_update' } as const;

/** What an apply-defaults run did to one user's rows. */
export interface AppliedDefaults {
  created: Platform[];
  updated: Platform[];
  before: Partial<Record<Platform, Limits | null>>;
}

@Injectable()
export class QuotaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The user's active rows in platform order, as they stand now (expired windows read as 0). */
  async views(userId: number, manager: EntityManager = this.dataSource.manager): Promise<QuotaView[]> {
    await requireUser(manager, userId);
    return this.viewsOf(manager, userId);
  }

  /**
   * Full replace: the given platforms get exactly these limits (rows are created when missing),
   * every other active row is soft-deleted. Usage and window starts of kept rows stay.
   */
  async replace(userId: number, items: QuotaItem[], actor: Actor): Promise<QuotaView[]> {
    const seen = new Set<Platform>();
    items.forEach((item, i) => {
      if (seen.has(item.platform)) throw duplicatePlatform(i, item.platform);
      seen.add(item.platform);
    });
    return this.dataSource.transaction(async (manager) => {
      await requireUser(manager, userId, { lock: true });
      const before = await this.limitsByPlatform(manager, userId);
      const now = this.clock.now();
      await this.softDelete(manager, userId, now, { except: items.map((i) => i.platform) });
      await this.upsertLimits(
        manager,
        items.map((item) => ({ userId, ...item })),
        now,
      );
      const after = await this.limitsByPlatform(manager, userId);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'user.platform_quotas.replaced',
        targetUserId: userId,
        before: auditLimits(before),
        after: auditLimits(after),
      });
      return this.viewsOf(manager, userId);
    });
  }

  /** Changes the named limits of one platform (absent = unchanged), creating its row if needed. */
  async patch(userId: number, platform: Platform, changes: Partial<Limits>, actor: Actor): Promise<QuotaView[]> {
    if (!WINDOWS.some((w) => changes[w] !== undefined)) throw noLimitNamed();
    return this.dataSource.transaction(async (manager) => {
      await requireUser(manager, userId, { lock: true });
      const before = (await this.limitsByPlatform(manager, userId)).get(platform) ?? null;
      const limits = { ...(before ?? UNLIMITED), ...changes } as Limits;
      await this.upsertLimits(manager, [{ userId, platform, limits }], this.clock.now());
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'user.platform_quota.updated',
        targetUserId: userId,
        before: { [platform]: before && limitsJson(before) },
        after: { [platform]: limitsJson(limits) },
      });
      return this.viewsOf(manager, userId);
    });
  }

  /** Soft-deletes the active row of one platform: the user becomes unlimited there. */
  async remove(userId: number, platform: Platform, actor: Actor): Promise<QuotaView[]> {
    return this.dataSource.transaction(async (manager) => {
      await requireUser(manager, userId, { lock: true });
      const before = (await this.limitsByPlatform(manager, userId, true)).get(platform);
      if (!before) throw quotaNotFound(userId, platform);
      await this.softDelete(manager, userId, this.clock.now(), { only: platform });
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'user.platform_quota.deleted',
        targetUserId: userId,
        before: { [platform]: limitsJson(before) },
        after: { [platform]: null },
      });
      return this.viewsOf(manager, userId);
    });
  }

  /** Usage 0 and a window starting now, for one window or all three. */
  async reset(userId: number, platform: Platform, window: ResetWindow, actor: Actor): Promise<QuotaView[]> {
    const targets = window === 'all' ? WINDOWS : [window];
    return this.dataSource.transaction(async (manager) => {
      await requireUser(manager, userId, { lock: true });
      const row = await manager.findOne(UserPlatformQuota, { where: { userId, platform }, lock: LOCK });
      if (!row) throw quotaNotFound(userId, platform);
      const before = usageJson(row, targets);
      const now = this.clock.now();
      const changes = Object.fromEntries(
        targets.flatMap((w) => [
          [`${w}UsageUsd`, ZERO],
          [`${w}WindowStart`, now],
        ]),
      );
      await manager.update(UserPlatformQuota, { id: row.id }, { ...changes, updatedAt: now });
      Object.assign(row, changes);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'user.platform_quota.reset',
        targetUserId: userId,
        before: { platform, window, ...before },
        after: { platform, window, ...usageJson(row, targets) },
      });
      return this.viewsOf(manager, userId);
    });
  }

  /**
   * Gives users limits inside the caller's transaction, in a few statements however many users:
   * platforms without an active row get one; with `overwrite`, existing rows whose limits differ
   * get the new ones. Usage and window starts are kept. Returns what changed, per user.
   */
  async applyLimits(
    manager: EntityManager,
    targets: { userId: number; limits: Record<Platform, Limits> }[],
    overwrite: boolean,
  ): Promise<Map<number, AppliedDefaults>> {
    const rows = await manager.find(UserPlatformQuota, {
      where: { userId: In(targets.map((t) => t.userId)) },
      lock: LOCK,
    });
    const existing = new Map(rows.map((row) => [`${row.userId}:${row.platform}`, limitsOf(row)]));
    const results = new Map<number, AppliedDefaults>();
    const writes: LimitsRow[] = [];
    for (const { userId, limits } of targets) {
      const result: AppliedDefaults = { created: [], updated: [], before: {} };
      for (const platform of PLATFORMS) {
        const current = existing.get(`${userId}:${platform}`);
        if (current === undefined) {
          result.created.push(platform);
          result.before[platform] = null;
        } else if (overwrite && !sameLimits(current, limits[platform])) {
          result.updated.push(platform);
          result.before[platform] = current;
        } else {
          continue;
        }
        writes.push({ userId, platform, limits: limits[platform] });
      }
      results.set(userId, result);
    }
    await this.upsertLimits(manager, writes, this.clock.now());
    return results;
  }

  /** Soft-deletes active rows of a user: the user becomes unlimited on those platforms. */
  async softDelete(manager: EntityManager, userId: number, now: Date, rows: RowSelection = 'all'): Promise<void> {
    const platform = rows === 'all' ? undefined : 'only' in rows ? rows.only : Not(In(rows.except));
    // An update, unlike a find, does not leave soft-deleted rows out by itself.
    await manager.update(
      UserPlatformQuota,
      { userId, deletedAt: IsNull(), ...(platform !== undefined && { platform }) },
      { deletedAt: now, updatedAt: now },
    );
  }

  /** One statement for many rows: insert with these limits, or set them on the active row. */
  private async upsertLimits(manager: EntityManager, rows: LimitsRow[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    const column = (w: QuotaWindow) => rows.map((r) => dbLimit(r.limits[w]));
    await manager.query(
      `INSERT INTO user_platform_quotas AS q (user_id, platform, daily_limit_usd, weekly_limit_usd, monthly_limit_usd, updated_at)
       SELECT user_id, platform, daily, weekly, monthly, $6
         FROM unnest($1::bigint[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[])
           AS i(user_id, platform, daily, weekly, monthly)
       ORDER BY user_id, platform
       ON CONFLICT (user_id, platform) WHERE deleted_at IS NULL DO UPDATE SET
         daily_limit_usd = EXCLUDED.daily_limit_usd,
         weekly_limit_usd = EXCLUDED.weekly_limit_usd,
         monthly_limit_usd = EXCLUDED.monthly_limit_usd,
         updated_at = EXCLUDED.updated_at`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.platform),
        column('daily'),
        column('weekly'),
        column('monthly'),
        now,
      ],
    );
  }

  private async limitsByPlatform(manager: EntityManager, userId: number, lock = false): Promise<Map<Platform, Limits>> {
    const rows = await manager.find(UserPlatformQuota, { where: { userId }, lock: lock ? LOCK : undefined });
    return new Map(rows.map((row) => [row.platform, limitsOf(row)]));
  }

  private async viewsOf(manager: EntityManager, userId: number): Promise<QuotaView[]> {
    const rows = await manager.getRepository(UserPlatformQuota).findBy({ userId });
    const now = this.clock.now();
    const held = rows.length > 0 ? await heldAmounts(manager, [userId], now) : new Map<string, Money>();
    return rows
      .sort((a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform))
      .map((row) => {
        const amount = held.get(`${userId}:${row.platform}`) ?? ZERO;
        return { platform: row.platform, held: amount, windows: quotaState(row, this.windows, now, amount) };
      });
  }
}

function dbLimit(limit: Money | null): string | null {
  return limit === null ? null : moneyToDb(limit);
}

/** The usage and window starts of some windows of a row, for the audit trail. */
function usageJson(row: UserPlatformQuota, windows: readonly QuotaWindow[]): Record<string, string | null> {
  return Object.fromEntries(
    windows.flatMap((w) => [
      [`${w}_usage_usd`, formatMoney(row[`${w}UsageUsd`])],
      [`${w}_window_start`, row[`${w}WindowStart`]?.toISOString() ?? null],
    ]),
  );
}

function auditLimits(byPlatform: Map<Platform, Limits>): Record<string, unknown> {
  return Object.fromEntries(PLATFORMS.filter((p) => byPlatform.has(p)).map((p) => [p, limitsJson(byPlatform.get(p)!)]));
}
