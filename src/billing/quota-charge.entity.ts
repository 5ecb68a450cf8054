import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import type { Platform, QuotaWindow } from '../common/domain.constants.js';
import type { Money } from '../common/money.js';
import { idTransformer, moneyTransformer, PrimaryIdColumn } from '../database/column-transformers.js';
import { User } from '../users/user.entity.js';

/** The request id is the idempotency key: a charge with a known id is never added again. */
export const QUOTA_CHARGES_REQUEST_ID_UQ = 'quota_charges_request_id_uq';
export const QUOTA_CHARGES_PLATFORM_CHECK = 'quota_charges_platform_check';

/** The append-only ledger of charges, written in the same statement as the counters. */
@Entity('quota_charges')
export class QuotaCharge {
  @PrimaryIdColumn()
  id: number;

  @Index(QUOTA_CHARGES_REQUEST_ID_UQ, { unique: true })
  @Column({ name: 'request_id', type: 'varchar', length: 255 })
  requestId: string;

  @Column({ name: 'user_id', type: 'bigint', transformer: idTransformer })
  userId: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  platform: Platform;

  @Column({ name: 'cost_usd', type: 'decimal', precision: 20, scale: 10, transformer: moneyTransformer })
  costUsd: Money;

  @Column({ name: 'charged_at', type: 'timestamptz', default: () => 'now()' })
  chargedAt: Date;

  /** Usage of each window right after this charge. */
  @Column({ name: 'daily_usage_usd', type: 'decimal', precision: 20, scale: 10, transformer: moneyTransformer })
  dailyUsageUsd: Money;

  @Column({ name: 'weekly_usage_usd', type: 'decimal', precision: 20, scale: 10, transformer: moneyTransformer })
  weeklyUsageUsd: Money;

  @Column({ name: 'monthly_usage_usd', type: 'decimal', precision: 20, scale: 10, transformer: moneyTransformer })
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
