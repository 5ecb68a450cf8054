import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  UpdateDateColumn,
} from 'typeorm';

import type { Platform } from '../common/domain.constants.js';
import type { Money } from '../common/money.js';
import { idTransformer, moneyTransformer, PrimaryIdColumn } from '../database/column-transformers.js';
import { User } from '../users/user.entity.js';

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

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  platform: Platform;

  @Column({
    name: 'daily_limit_usd',
    type: 'decimal',
    precision: 20,
    scale: 10,
    nullable: true,
    transformer: moneyTransformer,
  })
  dailyLimitUsd: Money | null;

  @Column({
    name: 'weekly_limit_usd',
    type: 'decimal',
    precision: 20,
    scale: 10,
    nullable: true,
    transformer: moneyTransformer,
  })
  weeklyLimitUsd: Money | null;

  @Column({
    name: 'monthly_limit_usd',
    type: 'decimal',
    precision: 20,
    scale: 10,
    nullable: true,
    transformer: moneyTransformer,
  })
  monthlyLimitUsd: Money | null;

  @Column({
    name: 'daily_usage_usd',
    type: 'decimal',
    precision: 20,
    scale: 10,
    default: 0,
    transformer: moneyTransformer,
  })
  dailyUsageUsd: Money;

  @Column({
    name: 'weekly_usage_usd',
    type: 'decimal',
    precision: 20,
    scale: 10,
    default: 0,
    transformer: moneyTransformer,
  })
  weeklyUsageUsd: Money;

  @Column({
    name: 'monthly_usage_usd',
    type: 'decimal',
    precision: 20,
    scale: 10,
    default: 0,
    transformer: moneyTransformer,
  })
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
