/**
 * What a user spent per day and platform, from the ledger: days in QUOTA_TIMEZONE, oldest first,
 * every day of the range present (zeros filled), amounts as decimal strings.
 */
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';

import { Clock } from '../common/clock.js';
import { PLATFORMS, type Platform } from '../common/domain.constants.js';
import { formatMoney, moneyFromDb } from '../common/money.js';
import { AppConfig } from '../config/app-config.js';

export interface UsageHistory {
  timezone: string;
  /** First and last day, `YYYY-MM-DD`, in the time zone. */
  from: string;
  to: string;
  days: { date: string; costs: Record<Platform, string> }[];
}

/** The longest history one request may ask for. */
export const MAX_HISTORY_DAYS = 366;

@Injectable()
export class UsageHistoryService {
  private readonly timezone: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.timezone = config.quota.timezone;
  }

  /** The last `days` days, today included, for one user (who may have been deleted since). */
  async daily(userId: number, days: number): Promise<UsageHistory> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: this.timezone }).startOf('day');
    const first = today.minus({ days: days - 1 });
    // The instants at which the days of the range start (the last one ends the range), from the
    // time zone's rules; each charge is counted in the day whose start it follows, found by a binary
    // search of those instants, so the range scan of the (user_id, charged_at) index is all the work.
    const starts: DateTime[] = [];
    for (let day = first; day <= today.plus({ days: 1 }); day = day.plus({ days: 1 })) starts.push(day);
    const rows: { bucket: number; platform: Platform; cost: string }[] = await this.dataSource.query(
      `SELECT width_bucket(charged_at, $2::timestamptz[]) AS bucket, platform, sum(cost_usd)::text AS cost
         FROM quota_charges
        WHERE user_id = $1 AND charged_at >= $3 AND charged_at < $4
        GROUP BY 1, 2`,
      [userId, starts.map((day) => day.toUTC().toISO()!), first.toJSDate(), today.plus({ days: 1 }).toJSDate()],
    );
    const sums = new Map(
      rows.map((row) => [`${starts[row.bucket - 1].toISODate()} ${row.platform}`, formatMoney(moneyFromDb(row.cost))]),
    );
    const result: UsageHistory['days'] = [];
    for (let day = first; day <= today; day = day.plus({ days: 1 })) {
      const date = day.toISODate()!;
      result.push({
        date,
        costs: Object.fromEntries(PLATFORMS.map((p) => [p, sums.get(`${date} ${p}`) ?? '0'])) as Record<
          Platform,
          string
        >,
      });
    }
    return { timezone: this.timezone, from: first.toISODate()!, to: today.toISODate()!, days: result };
  }
}
