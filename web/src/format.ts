/**
 * Every number and time the console shows, formatted in one place. Amounts arrive as decimal
 * strings and are formatted from the string itself (Intl reads a numeric string exactly), so a
 * displayed amount is never a float's approximation; inputs show the full string.
 */

export type Locale = string;

/** `$1,234.50`: the currency and two decimals, rounded half away from zero. */
export function formatMoney(amount: string, locale: Locale, currency = 'USD'): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount as Intl.StringNumericLiteral);
}

/** `1,234.5678901234 USD`: every digit, for a title or a diff where rounding would hide a change. */
export function formatMoneyExact(amount: string, locale: Locale, currency = 'USD'): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(amount as Intl.StringNumericLiteral)} ${currency}`;
}

/**
 * `87.5 %`: one decimal, rounded down, so that a window shows 100 % only when it is used up (99.99
 * reads 99.9).
 */
export function formatPercent(percent: number, locale: Locale): string {
  const floored = Math.floor(percent * 10) / 10;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(floored / 100);
}

/** `30 Nov 2026, 00:00`, in the given IANA zone (the service's, not the browser's). */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** `30 Nov`, a calendar day as the service names it (YYYY-MM-DD), without moving it across zones. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export interface CountdownParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The time left until `target`, never negative, in whole units. */
export function countdownParts(target: Date | string, now: Date): CountdownParts {
  const ms = Math.max(0, new Date(target).getTime() - now.getTime());
  const totalSeconds = Math.floor(ms / 1000);
  return {
    days: Math.floor(totalSeconds / 86_400),
    hours: Math.floor((totalSeconds % 86_400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
  };
}

/**
 * `2 d 3 h`, `3 h 12 min`, `4 min 10 s`: the two largest units that matter, in the locale's own
 * unit names (Intl), so the countdown reads naturally in every language.
 */
export function formatCountdown(target: Date | string, now: Date, locale: Locale): string {
  const { days, hours, minutes, seconds } = countdownParts(target, now);
  const unit = (value: number, name: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  if (days > 0) return `${unit(days, 'day')} ${unit(hours, 'hour')}`;
  if (hours > 0) return `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
  if (minutes > 0) return `${unit(minutes, 'minute')} ${unit(seconds, 'second')}`;
  return unit(seconds, 'second');
}
