/**
 * The wire form of a user's quota rows, for admins (with window starts) and for the user (with
 * the share of each limit used): `held_usd`, and per window `w`: `w_limit_usd`, `w_usage_usd`,
 * `w_remaining_usd`, `w_window_resets_at`, and `w_window_start` or `w_used_percent`.
 */
import { ApiProperty } from '@nestjs/swagger';

import { PLATFORMS, WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { formatMoney, Money } from '../common/money.js';
import type { QuotaView } from './quota.service.js';
import type { WindowState } from './quota-state.js';

/** The documented form of each kind of per-window field. */
const Limit = (example: string | null) =>
  ApiProperty({ type: String, nullable: true, example, description: 'USD limit: null = unlimited, "0" = disabled' });
const Usage = (example: string) =>
  ApiProperty({ type: String, example, description: 'Usage in the current window (0 once it expired)' });
const Remaining = (example: string | null) =>
  ApiProperty({
    type: String,
    nullable: true,
    example,
    description: 'limit - usage - held, never below 0; null when unlimited',
  });
const ResetsAt = (description = 'When the window resets') =>
  ApiProperty({ type: String, format: 'date-time', nullable: true, description });
const WindowStart = () =>
  ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Start of the current window; null when it expired or was never opened',
  });
const UsedPercent = () =>
  ApiProperty({
    type: Number,
    nullable: true,
    example: 32,
    description: 'usage / limit x 100, 2 decimals; null when unlimited, 100 when disabled',
  });

/** What every view of a row shows: what is held, and per window limit, usage, remaining amount, reset time. */
export class QuotaWindowsDto {
  @ApiProperty({ enum: PLATFORMS, example: 'anthropic' })
  platform: Platform;

  @ApiProperty({
    type: String,
    example: '0.5',
    description:
      'What holds of calls under way keep (reserved by checks with hold_usd, not yet settled, released or ' +
      'expired): counted as used beside the usage in every window, so each remaining amount is limit - usage - held',
  })
  held_usd: string;

  @Limit('10')
  daily_limit_usd: string | null;
  @Usage('3.2')
  daily_usage_usd: string;
  @Remaining('6.8')
  daily_remaining_usd: string | null;
  @ResetsAt()
  daily_window_resets_at: string | null;

  @Limit(null)
  weekly_limit_usd: string | null;
  @Usage('3.2')
  weekly_usage_usd: string;
  @Remaining(null)
  weekly_remaining_usd: string | null;
  @ResetsAt()
  weekly_window_resets_at: string | null;

  @Limit('100')
  monthly_limit_usd: string | null;
  @Usage('41.5')
  monthly_usage_usd: string;
  @Remaining('58.5')
  monthly_remaining_usd: string | null;
  @ResetsAt('null for a rolling month not yet opened by a charge')
  monthly_window_resets_at: string | null;
}

/** An admin's view of a row: with each window's start. */
export class AdminQuotaViewDto extends QuotaWindowsDto {
  @WindowStart()
  daily_window_start: string | null;
  @WindowStart()
  weekly_window_start: string | null;
  @WindowStart()
  monthly_window_start: string | null;
}

/** The user's view of their row: with the share of each limit used. */
export class UserQuotaViewDto extends QuotaWindowsDto {
  @UsedPercent()
  daily_used_percent: number | null;
  @UsedPercent()
  weekly_used_percent: number | null;
  @UsedPercent()
  monthly_used_percent: number | null;
}

export class AdminQuotaListDto {
  @ApiProperty({ type: [AdminQuotaViewDto], description: 'Active rows in platform order.' })
  platform_quotas: AdminQuotaViewDto[];
}

export class UserQuotaListDto {
  @ApiProperty({ type: [UserQuotaViewDto], description: 'The caller’s active rows in platform order.' })
  platform_quotas: UserQuotaViewDto[];
}

/** The fields every view of a window has: limit, usage, remaining, reset time. */
export function windowFields(state: WindowState, w: QuotaWindow): Record<string, string | null> {
  return {
    [`${w}_limit_usd`]: formatMoney(state.limit),
    [`${w}_usage_usd`]: formatMoney(state.usage),
    [`${w}_remaining_usd`]: formatMoney(state.remaining),
    [`${w}_window_resets_at`]: state.resetsAt?.toISOString() ?? null,
  };
}

export function toAdminQuotaView(view: QuotaView): AdminQuotaViewDto {
  const body: Record<string, unknown> = { platform: view.platform, held_usd: formatMoney(view.held) };
  for (const w of WINDOWS) {
    Object.assign(body, windowFields(view.windows[w], w), {
      [`${w}_window_start`]: view.windows[w].windowStart?.toISOString() ?? null,
    });
  }
  return body as unknown as AdminQuotaViewDto;
}

export function toUserQuotaView(view: QuotaView): UserQuotaViewDto {
  const body: Record<string, unknown> = { platform: view.platform, held_usd: formatMoney(view.held) };
  for (const w of WINDOWS) {
    Object.assign(body, windowFields(view.windows[w], w), { [`${w}_used_percent`]: usedPercent(view.windows[w]) });
  }
  return body as unknown as UserQuotaViewDto;
}

function usedPercent({ limit, usage }: WindowState): number | null {
  if (limit === null) return null;
  if (limit.isZero()) return 100;
  return usage.div(limit).times(100).toDecimalPlaces(2, Money.ROUND_HALF_UP).toNumber();
}
