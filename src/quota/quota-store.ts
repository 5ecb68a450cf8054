/**
 * Runs the hot-path SQL of quota.sql.ts on the pool underneath TypeORM: one round trip per batch,
 * prepared once per connection, rows parsed into Money and numbers here.
 */
import { Injectable } from '@nestjs/common';
import type { Pool, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';

import type { Platform, QuotaWindow } from '../common/domain.constants.js';
import { Money, moneyFromDb, moneyToDb } from '../common/money.js';
import { AppConfig } from '../config/app-config.js';
import { idFromDb } from '../database/column-transformers.js';
import { CHARGE_BATCH_SQL, READ_QUOTAS_SQL } from './quota.sql.js';
import type { StoredQuota } from './quota-state.js';
import type { WindowBounds } from './windows.js';

export interface QuotaKey {
  userId: number;
  platform: Platform;
}

export interface ChargeRequest extends QuotaKey {
  requestId: string;
  costUsd: Money;
}

/** A ledger row: a charge just recorded, or (duplicate) one recorded before under the same request id. */
export interface RecordedCharge {
  duplicate: boolean;
  requestId: string;
  userId: number;
  platform: Platform;
  costUsd: Money;
  chargedAt: Date;
  usage: Record<QuotaWindow, Money>;
  windowStart: Record<QuotaWindow, Date>;
  exhausted: QuotaWindow[];
}

export interface QuotaLookup extends QuotaKey {
  userExists: boolean;
  /** The active row, or null when the user has none for this platform (unlimited). */
  quota: StoredQuota | null;
}

interface ChargeRow {
  duplicate: boolean;
  request_id: string;
  user_id: string;
  platform: Platform;
  cost_usd: string;
  charged_at: Date;
  daily_usage_usd: string;
  weekly_usage_usd: string;
  monthly_usage_usd: string;
  daily_window_start: Date;
  weekly_window_start: Date;
  monthly_window_start: Date;
  exhausted_windows: QuotaWindow[];
}

interface QuotaRow {
  user_id: string;
  platform: Platform;
  user_exists: boolean;
  daily_limit_usd: string | null;
  weekly_limit_usd: string | null;
  monthly_limit_usd: string | null;
  daily_usage_usd: string | null;
  weekly_usage_usd: string | null;
  monthly_usage_usd: string | null;
  daily_window_start: Date | null;
  weekly_window_start: Date | null;
  monthly_window_start: Date | null;
}

/** node-postgres honours a per-query `query_timeout`; its typings do not list it. */
type TimedQuery = QueryConfig & { query_timeout: number };

export interface StatementOptions {
  /** Client-side limit: past it the caller is told the database is unavailable. */
  timeoutMs: number;
}

@Injectable()
export class QuotaStore {
  private readonly pool: Pool;
  /**
   * Statement names, so a server parses and plans them once per connection. The embedded database
   * is one session behind every socket: a name prepared on one connection is already taken on the
   * next, so there the statements go unnamed.
   */
  private readonly names: { charge?: string; lookup?: string };

  constructor(dataSource: DataSource, config: AppConfig) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.names = config.database.url ? { charge: 'quota_charge_batch', lookup: 'quota_lookup' } : {};
  }

  /**
   * Applies a batch of charges with distinct request ids in one statement. Charges of unknown or
   * deleted users are absent from the result; request ids already in the ledger come back as
   * duplicates, with what was recorded for them.
   */
  async chargeBatch(
    charges: ChargeRequest[],
    bounds: WindowBounds,
    now: Date,
    options: StatementOptions,
  ): Promise<RecordedCharge[]> {
    const query: TimedQuery = {
      name: this.names.charge,
      text: CHARGE_BATCH_SQL,
      query_timeout: options.timeoutMs,
      values: [
        charges.map((_, i) => i),
        charges.map((c) => c.requestId),
        charges.map((c) => c.userId),
        charges.map((c) => c.platform),
        charges.map((c) => moneyToDb(c.costUsd)),
        bounds.daily.cutoff,
        bounds.daily.start,
        bounds.weekly.cutoff,
        bounds.weekly.start,
        bounds.monthly.cutoff,
        bounds.monthly.start,
        now,
      ],
    };
    const { rows } = await this.pool.query<ChargeRow>(query);
    return rows.map((row) => ({
      duplicate: row.duplicate,
      requestId: row.request_id,
      userId: idFromDb(row.user_id),
      platform: row.platform,
      costUsd: moneyFromDb(row.cost_usd),
      chargedAt: row.charged_at,
      usage: {
        daily: moneyFromDb(row.daily_usage_usd),
        weekly: moneyFromDb(row.weekly_usage_usd),
        monthly: moneyFromDb(row.monthly_usage_usd),
      },
      windowStart: {
        daily: row.daily_window_start,
        weekly: row.weekly_window_start,
        monthly: row.monthly_window_start,
      },
      exhausted: row.exhausted_windows,
    }));
  }

  /** The active quota rows of several (user, platform) pairs, one entry per pair, in order. */
  async lookup(keys: QuotaKey[], options: StatementOptions): Promise<QuotaLookup[]> {
    const query: TimedQuery = {
      name: this.names.lookup,
      text: READ_QUOTAS_SQL,
      query_timeout: options.timeoutMs,
      values: [keys.map((k) => k.userId), keys.map((k) => k.platform)],
    };
    const { rows } = await this.pool.query<QuotaRow>(query);
    const byKey = new Map(rows.map((row) => [`${row.user_id}:${row.platform}`, row]));
    return keys.map((key) => {
      const row = byKey.get(`${key.userId}:${key.platform}`);
      return {
        ...key,
        userExists: row?.user_exists ?? false,
        quota: row && row.daily_usage_usd !== null ? storedQuota(row) : null,
      };
    });
  }
}

function storedQuota(row: QuotaRow): StoredQuota {
  return {
    dailyLimitUsd: moneyFromDb(row.daily_limit_usd),
    weeklyLimitUsd: moneyFromDb(row.weekly_limit_usd),
    monthlyLimitUsd: moneyFromDb(row.monthly_limit_usd),
    dailyUsageUsd: moneyFromDb(row.daily_usage_usd!),
    weeklyUsageUsd: moneyFromDb(row.weekly_usage_usd!),
    monthlyUsageUsd: moneyFromDb(row.monthly_usage_usd!),
    dailyWindowStart: row.daily_window_start,
    weeklyWindowStart: row.weekly_window_start,
    monthlyWindowStart: row.monthly_window_start,
  };
}
