/**
 * What a stored quota row means at an instant: per window the limit, the usage that still
 * counts, what remains, when the window resets and whether it is exhausted. Read-only: reads
 * treat an expired window as usage 0 and never write. Shared by the check and the views.
 */
import { WINDOWS, type QuotaWindow } from '../common/domain.constants.js';
import { Money, moneyFromDb, ZERO } from '../common/money.js';
import type { QuotaWindows } from './windows.js';

/** The stored figures of one (user, platform): an entity, or a row read with raw SQL. */
export type StoredQuota = {
  [W in QuotaWindow as `${W}LimitUsd`]: Money | null;
} & {
  [W in QuotaWindow as `${W}UsageUsd`]: Money;
} & {
  [W in QuotaWindow as `${W}WindowStart`]: Date | null;
};

/** The stored figures as a raw row has them (`SELECT daily_limit_usd, ...`): amounts as text. */
export type StoredQuotaRow = {
  [W in QuotaWindow as `${W}_limit_usd`]: string | null;
} & {
  [W in QuotaWindow as `${W}_usage_usd`]: string;
} & {
  [W in QuotaWindow as `${W}_window_start`]: Date | null;
};

/** The columns of `user_platform_quotas` a StoredQuotaRow is read from. */
export const STORED_QUOTA_COLUMNS = WINDOWS.flatMap((w) => [`${w}_limit_usd`, `${w}_usage_usd`, `${w}_window_start`]);

export function storedQuota(row: StoredQuotaRow): StoredQuota {
  return {
    dailyLimitUsd: moneyFromDb(row.daily_limit_usd),
    weeklyLimitUsd: moneyFromDb(row.weekly_limit_usd),
    monthlyLimitUsd: moneyFromDb(row.monthly_limit_usd),
    dailyUsageUsd: moneyFromDb(row.daily_usage_usd),
    weeklyUsageUsd: moneyFromDb(row.weekly_usage_usd),
    monthlyUsageUsd: moneyFromDb(row.monthly_usage_usd),
    dailyWindowStart: row.daily_window_start,
    weeklyWindowStart: row.weekly_window_start,
    monthlyWindowStart: row.monthly_window_start,
  };
}

export interface WindowState {
  /** null = unlimited, 0 = disabled. */
  limit: Money | null;
  /** Usage inside the current window (0 once the stored window has expired). */
  usage: Money;
  /**
   * What live holds keep for calls under way: counted as used, in every window alike (a hold is
   * not yet in any window; its charge will be in all of them).
   */
  held: Money;
  /** What may still be spent: limit - usage - held; null when unlimited, never below 0. */
  remaining: Money | null;
  /** Start of the stored window while it is current; null when expired or never opened. */
  windowStart: Date | null;
  resetsAt: Date | null;
  /** `usage + held >= limit`: a limit of 0 is always exhausted, no limit never is. */
  exhausted: boolean;
}

export type QuotaState = Record<QuotaWindow, WindowState>;

/**
 * Each window's fields of a StoredQuota, written out: a key built per read (`${w}LimitUsd`) made
 * every check build nine strings and look each up the slow way.
 */
export const STORED_FIELDS = {
  daily: { limit: 'dailyLimitUsd', usage: 'dailyUsageUsd', start: 'dailyWindowStart' },
  weekly: { limit: 'weeklyLimitUsd', usage: 'weeklyUsageUsd', start: 'weeklyWindowStart' },
  monthly: { limit: 'monthlyLimitUsd', usage: 'monthlyUsageUsd', start: 'monthlyWindowStart' },
} as const satisfies {
  [W in QuotaWindow]: { limit: `${W}LimitUsd`; usage: `${W}UsageUsd`; start: `${W}WindowStart` };
};

/**
 * The state of a stored row at `now`, with `held` the amount its live holds keep; `null` (no row)
 * is unlimited everywhere.
 */
export function quotaState(row: StoredQuota | null, windows: QuotaWindows, now: Date, held: Money = ZERO): QuotaState {
  const state = {} as QuotaState;
  for (const w of WINDOWS) {
    const fields = STORED_FIELDS[w];
    const limit = row ? row[fields.limit] : null;
    const storedStart = row ? row[fields.start] : null;
    const expired = windows.isExpired(w, storedStart, now);
    const usage = row ? windows.effectiveUsage(w, row[fields.usage], storedStart, now) : ZERO;
    const used = held.isZero() ? usage : usage.plus(held);
    state[w] = {
      limit,
      usage,
      held,
      remaining: limit === null ? null : atLeastZero(limit.minus(used)),
      windowStart: expired ? null : storedStart,
      resetsAt: windows.resetsAt(w, storedStart, now),
      exhausted: limit !== null && used.gte(limit),
    };
  }
  return state;
}

/** `Money.max(amount, ZERO)` without making a third Decimal: a check computes three of these. */
function atLeastZero(amount: Money): Money {
  return amount.isNegative() ? ZERO : amount;
}

/**
 * The window a refusal names; undefined when all allow. A disabled window (limit 0) comes first,
 * since no wait lifts it; then the first exhausted one in the order daily, weekly, monthly.
 */
export function firstExhausted(state: QuotaState): QuotaWindow | undefined {
  return WINDOWS.find((w) => state[w].limit?.isZero()) ?? WINDOWS.find((w) => state[w].exhausted);
}
