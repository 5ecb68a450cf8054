import { Column, Entity, Index } from 'typeorm';

import type { Platform, QuotaWindow } from '../common/domain.constants.js';
import type { Money } from '../common/money.js';
import { idTransformer, MoneyColumn, PrimaryIdColumn } from '../database/column-transformers.js';

/** The request id is the idempotency key: a charge with a known id is never added again. */
export const QUOTA_CHARGES_REQUEST_ID_UQ = 'quota_charges_request_id_uq';
export const QUOTA_CHARGES_PLATFORM_CHECK = 'quota_charges_platform_check';
/**
 * A user's charges by time, with their platform and cost included (the migration has the INCLUDE,
 * which TypeORM cannot express): the daily spending history, read from the index alone.
 */
export const QUOTA_CHARGES_USER_TIME_IDX = 'quota_charges_user_id_charged_at_idx';

/**
 * The append-only ledger of charges, written in the same statement as the counters. `user_id`
 * references users (the foreign key is in the migration).
 */
@Entity('quota_charges')
@Index(QUOTA_CHARGES_USER_TIME_IDX, ['userId', 'chargedAt'])
export class QuotaCharge {
  @PrimaryIdColumn()
  id: number;

  @Index(QUOTA_CHARGES_REQUEST_ID_UQ, { unique: true })
  @Column({ name: 'request_id', type: 'varchar', length: 255 })
  requestId: string;

  @Column({ name: 'user_id', type: 'bigint', transformer: idTransformer })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  platform: Platform;

  @MoneyColumn('cost_usd')
  costUsd: Money;

  @Column({ name: 'charged_at', type: 'timestamptz', default: () => 'now()' })
  chargedAt: Date;

  /** Usage of each window right after this charge. */
  @MoneyColumn('daily_usage_usd')
  dailyUsageUsd: Money;

  @MoneyColumn('weekly_usage_usd')
  weeklyUsageUsd: Money;

  @MoneyColumn('monthly_usage_usd')
  monthlyUsageUsd: Money;

  @Column({ name: 'daily_window_start', type: 'timestamptz' })
  dailyWindowStart: Date;

  @Column({ name: 'weekly_window_start', type: 'timestamptz' })
  weeklyWindowStart: Date;

  @Column({ name: 'monthly_window_start', type: 'timestamptz' })
  monthlyWindowStart: Date;

  /** Windows this charge left at or over their limit. */
  @Column({ name: 'exhausted_windows', type: 'text', array: true, default: () => "'{}'" })
  exhaustedWindows: QuotaWindow[];
}
