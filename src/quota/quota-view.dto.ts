/**
 * The wire form of a user's quota rows, for admins (with window starts) and for the user (with
 * the share of each limit used). Per window `w`: `w_limit_usd`, `w_usage_usd`, `w_remaining_usd`,
 * `w_window_resets_at`, and `w_window_start` or `w_used_percent`.
 */
import { ApiProperty } from '@nestjs/swagger';

import { PLATFORMS, WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { formatMoney, Money } from '../common/money.js';
import type { QuotaView } from './quota.service.js';
import type { WindowState } from './quota-state.js';

type WindowFields<Extra extends string> = {
  [K in `${QuotaWindow}_${'limit_usd' | 'remaining_usd' | 'window_resets_at' | Extra}`]: string | number | null;
} & { [K in `${QuotaWindow}_usage_usd`]: string };

export class AdminQuotaViewDto {
  @ApiProperty({ enum: PLATFORMS, example: 'anthropic' })
  platform: Platform;
}
export type AdminQuotaView = AdminQuotaViewDto & WindowFields<'window_start'>;

export class UserQuotaViewDto {
  @ApiProperty({ enum: PLATFORMS, example: 'anthropic' })
  platform: Platform;
}
export type UserQuotaView = UserQuotaViewDto & WindowFields<'used_percent'>;

export class AdminQuotaListDto {
  @ApiProperty({ type: [AdminQuotaViewDto], description: 'Active rows in platform order.' })
  platform_quotas: AdminQuotaView[];
}

export class UserQuotaListDto {
  @ApiProperty({ type: [UserQuotaViewDto], description: 'The caller’s active rows in platform order.' })
  platform_quotas: UserQuotaView[];
}

const EXAMPLES: Record<QuotaWindow, { limit: string | null; usage: string; remaining: string | null }> = {
  daily: { limit: '10', usage: '3.2', remaining: '6.8' },
  weekly: { limit: null, usage: '3.2', remaining: null },
  monthly: { limit: '100', usage: '41.5', remaining: '58.5' },
};

// The per-window properties, documented once for all three windows.
for (const w of WINDOWS) {
  const amount = (example: string | null, description: string) =>
    ApiProperty({ type: String, nullable: true, example, description });
  for (const target of [AdminQuotaViewDto, UserQuotaViewDto]) {
    amount(EXAMPLES[w].limit, 'USD limit: null = unlimited, "0" = disabled')(target.prototype, `${w}_limit_usd`);
    ApiProperty({
      type: String,
      example: EXAMPLES[w].usage,
      description: 'Usage in the current window (0 once it expired)',
    })(target.prototype, `${w}_usage_usd`);
    amount(EXAMPLES[w].remaining, 'limit - usage, never below 0; null when unlimited')(
      target.prototype,
      `${w}_remaining_usd`,
    );
    ApiProperty({
      type: String,
      format: 'date-time',
      nullable: true,
      description: w === 'monthly' ? 'null for a rolling month not yet opened by a charge' : 'When the window resets',
    })(target.prototype, `${w}_window_resets_at`);
  }
  ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Start of the current window; null when it expired or was never opened',
  })(AdminQuotaViewDto.prototype, `${w}_window_start`);
  ApiProperty({
    type: Number,
    nullable: true,
    example: 32,
    description: 'usage / limit x 100, 2 decimals; null when unlimited, 100 when disabled',
  })(UserQuotaViewDto.prototype, `${w}_used_percent`);
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

export function toAdminQuotaView(view: QuotaView): AdminQuotaView {
  const body: Record<string, unknown> = { platform: view.platform };
  for (const w of WINDOWS) {
    Object.assign(body, windowFields(view.windows[w], w), {
      [`${w}_window_start`]: view.windows[w].windowStart?.toISOString() ?? null,
    });
  }
  return body as unknown as AdminQuotaView;
}

export function toUserQuotaView(view: QuotaView): UserQuotaView {
  const body: Record<string, unknown> = { platform: view.platform };
  for (const w of WINDOWS) {
    Object.assign(body, windowFields(view.windows[w], w), { [`${w}_used_percent`]: usedPercent(view.windows[w]) });
  }
  return body as unknown as UserQuotaView;
}

function usedPercent({ limit, usage }: WindowState): number | null {
  if (limit === null) return null;
  if (limit.isZero()) return 100;
  return usage.div(limit).times(100).toDecimalPlaces(2, Money.ROUND_HALF_UP).toNumber();
}
