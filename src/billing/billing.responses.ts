/** The answers of the internal billing endpoints, as their schemas in billing.schemas.ts describe them. */
import type { Platform, QuotaWindow } from '../common/domain.constants.js';
import { formatMoney } from '../common/money.js';
import type { ChargeResult, CheckResult, HoldInfo, ReserveResult } from './billing.service.js';
import type { HoldState } from './quota-hold.constants.js';

export type CheckResponse = { allowed: boolean; user_id: number; platform: Platform } & Record<string, unknown>;

export interface HoldResponse {
  id: number;
  request_id: string;
  user_id: number;
  platform: Platform;
  amount_usd: string;
  state: HoldState;
  created_at: string;
  expires_at: string;
  duplicate: boolean;
}

export interface ChargeResponse {
  request_id: string;
  user_id: number;
  platform: Platform;
  cost_usd: string;
  duplicate: boolean;
  charged_at: string;
  daily_usage_usd: string;
  weekly_usage_usd: string;
  monthly_usage_usd: string;
  daily_window_start: string;
  weekly_window_start: string;
  monthly_window_start: string;
  exhausted_windows: QuotaWindow[];
}

/**
 * Written out field by field: one object literal keeps one hidden class for every answer, where
 * keys built per window (`${w}_limit_usd`) made each answer a dictionary, costlier to build and
 * to serialize on the hottest route.
 */
export function toCheckResponse(result: CheckResult | ReserveResult): CheckResponse {
  const { daily, weekly, monthly } = result.windows;
  const body: CheckResponse = {
    allowed: result.allowed,
    user_id: result.userId,
    platform: result.platform,
    held_usd: formatMoney(result.held),
    daily_limit_usd: formatMoney(daily.limit),
    daily_usage_usd: formatMoney(daily.usage),
    daily_remaining_usd: formatMoney(daily.remaining),
    daily_window_resets_at: instantOrNull(daily.resetsAt),
    weekly_limit_usd: formatMoney(weekly.limit),
    weekly_usage_usd: formatMoney(weekly.usage),
    weekly_remaining_usd: formatMoney(weekly.remaining),
    weekly_window_resets_at: instantOrNull(weekly.resetsAt),
    monthly_limit_usd: formatMoney(monthly.limit),
    monthly_usage_usd: formatMoney(monthly.usage),
    monthly_remaining_usd: formatMoney(monthly.remaining),
    monthly_window_resets_at: instantOrNull(monthly.resetsAt),
  };
  if ('hold' in result && result.hold) body.hold = toHoldResponse(result.hold);
  return body;
}

export function toHoldResponse(hold: HoldInfo & { duplicate: boolean }): HoldResponse {
  return {
    id: hold.id,
    request_id: hold.requestId,
    user_id: hold.userId,
    platform: hold.platform,
    amount_usd: formatMoney(hold.amountUsd),
    state: hold.state,
    created_at: hold.createdAt.toISOString(),
    expires_at: hold.expiresAt.toISOString(),
    duplicate: hold.duplicate,
  };
}

export function toChargeResponse(result: ChargeResult): ChargeResponse {
  return {
    request_id: result.requestId,
    user_id: result.userId,
    platform: result.platform,
    cost_usd: formatMoney(result.costUsd),
    duplicate: result.duplicate,
    charged_at: instant(result.chargedAt),
    daily_usage_usd: result.usage.wire('daily'),
    weekly_usage_usd: result.usage.wire('weekly'),
    monthly_usage_usd: result.usage.wire('monthly'),
    daily_window_start: instant(result.windowStart.daily),
    weekly_window_start: instant(result.windowStart.weekly),
    monthly_window_start: instant(result.windowStart.monthly),
    exhausted_windows: result.exhausted,
  };
}

/**
 * The ISO text of the instants answers repeat: the charges of a batch share their time and their
 * window starts, and every check of a day names the same resets. Formatting each was a tenth of
 * a batch's time; the texts of the last few hundred instants are kept instead.
 */
const INSTANTS = new Map<number, string>();
const INSTANTS_KEPT = 512;

function instant(date: Date): string {
  const time = date.getTime();
  let text = INSTANTS.get(time);
  if (text === undefined) {
    if (INSTANTS.size >= INSTANTS_KEPT) INSTANTS.clear();
    text = date.toISOString();
    INSTANTS.set(time, text);
  }
  return text;
}

function instantOrNull(date: Date | null): string | null {
  return date === null ? null : instant(date);
}
