/** The answers of the internal billing endpoints, as their schemas in billing.schemas.ts describe them. */
import { WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { formatMoney } from '../common/money.js';
import { windowFields } from '../quota/quota-view.dto.js';
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

export function toCheckResponse(result: CheckResult | ReserveResult): CheckResponse {
  const body: CheckResponse = {
    allowed: result.allowed,
    user_id: result.userId,
    platform: result.platform,
    held_usd: formatMoney(result.held),
  };
  for (const w of WINDOWS) Object.assign(body, windowFields(result.windows[w], w));
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
    charged_at: result.chargedAt.toISOString(),
    daily_usage_usd: formatMoney(result.usage.daily),
    weekly_usage_usd: formatMoney(result.usage.weekly),
    monthly_usage_usd: formatMoney(result.usage.monthly),
    daily_window_start: result.windowStart.daily.toISOString(),
    weekly_window_start: result.windowStart.weekly.toISOString(),
    monthly_window_start: result.windowStart.monthly.toISOString(),
    exhausted_windows: result.exhausted,
  };
}
