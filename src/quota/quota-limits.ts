/** A set of limits for the three windows, and its forms in SQL, audit entries and comparisons. */
import { WINDOWS, type QuotaWindow } from '../common/domain.constants.js';
import { formatMoney, type Money } from '../common/money.js';
import type { StoredQuota } from './quota-state.js';

/** Per window: null = unlimited, 0 = disabled, > 0 = a USD cap. */
export type Limits = Record<QuotaWindow, Money | null>;

export const UNLIMITED: Limits = { daily: null, weekly: null, monthly: null };

export function limitsOf(row: Pick<StoredQuota, `${QuotaWindow}LimitUsd`>): Limits {
  return { daily: row.dailyLimitUsd, weekly: row.weeklyLimitUsd, monthly: row.monthlyLimitUsd };
}

export function sameLimits(a: Limits, b: Limits): boolean {
  return WINDOWS.every((w) => (a[w] === null ? b[w] === null : b[w] !== null && a[w].eq(b[w])));
}

/** The JSON form (decimal strings or null), as audit entries and documents keep it. */
export function limitsJson(limits: Limits): Record<QuotaWindow, string | null> {
  return { daily: formatMoney(limits.daily), weekly: formatMoney(limits.weekly), monthly: formatMoney(limits.monthly) };
}
