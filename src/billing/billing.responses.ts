/** The answers of the internal billing endpoints, as their schemas in billing.schemas.ts describe them. */
import { WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { formatMoney } from '../common/money.js';
import { windowFields } from '../quota/quota-view.dto.js';
import type { ChargeResult, CheckResult } from './billing.service.js';

export type CheckResponse = { allowed: boolean; user_id: number; platform: Platform } & Record<string, unknown>;

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

export function toCheckResponse(result: CheckResult): CheckResponse {
  const body: CheckResponse = { allowed: result.allowed, user_id: result.userId, platform: result.platform };
  for (const w of WINDOWS) Object.assign(body, windowFields(result.windows[w], w));
  return body;
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
