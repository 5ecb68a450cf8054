import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';

import type { Platform } from '../common/domain.constants.js';
import type { Money } from '../common/money.js';
import { idTransformer, MoneyColumn, PrimaryIdColumn } from '../database/column-transformers.js';

/** At most one active row per (user, platform); soft-deleted rows stay as history. */
export const USER_PLATFORM_QUOTA_ACTIVE_UQ = 'userplatformquota_user_id_platform_uq';
export const USER_PLATFORM_QUOTA_USER_IDX = 'userplatformquota_user_id';
export const USER_PLATFORM_QUOTA_PLATFORM_CHECK = 'user_platform_quotas_platform_check';

/**
 * A user's limits and usage on one platform: the runtime layer, shared by every module.
 * Limits: null = unlimited, 0 = disabled, > 0 = a USD cap. Usage belongs to the window that
 * starts at the matching `*WindowStart` (null = never opened).
 */
@Entity('user_platform_quotas')
@Index(USER_PLATFORM_QUOTA_ACTIVE_UQ, ['userId', 'platform'], { unique: true, where: '"deleted_at" IS NULL' })
@Index(USER_PLATFORM_QUOTA_USER_IDX, ['userId'])
export class UserPlatformQuota {
  @PrimaryIdColumn()
  id: number;

  @Column({ name: 'user_id', type: 'bigint', transformer: idTransformer })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  platform: Platform;

  @MoneyColumn('daily_limit_usd', { nullable: true })
  dailyLimitUsd: Money | null;

  @MoneyColumn('weekly_limit_usd', { nullable: true })
  weeklyLimitUsd: Money | null;

  @MoneyColumn('monthly_limit_usd', { nullable: true })
  monthlyLimitUsd: Money | null;

  @MoneyColumn('daily_usage_usd', { default: 0 })
  dailyUsageUsd: Money;

  @MoneyColumn('weekly_usage_usd', { default: 0 })
  weeklyUsageUsd: Money;

  @MoneyColumn('monthly_usage_usd', { default: 0 })
  monthlyUsageUsd: Money;

  @Column({ name: 'daily_window_start', type: 'timestamptz', nullable: true })
  dailyWindowStart: Date | null;

  @Column({ name: 'weekly_window_start', type: 'timestamptz', nullable: true })
  weeklyWindowStart: Date | null;

  @Column({ name: 'monthly_window_start', type: 'timestamptz', nullable: true })
  monthlyWindowStart: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt: Date | null;
}
