/**
 * Window arithmetic, pure: from an instant, the zone and the monthly mode, where each window
 * starts, whether a stored window start is expired, what a stored usage counts for now, and when
 * each window resets. All calendar math goes through Luxon in QUOTA_TIMEZONE, so DST is handled
 * by the zone database, never by offset arithmetic here.
 *
 * Daily: local midnight. Weekly: Monday 00:00 local. Monthly: `rolling30d` (30 x 24 h from the
 * start a charge gave it; expired at exactly 30 days) or `calendar` (the 1st, 00:00 local).
 */
import { DateTime } from 'luxon';

import type { QuotaWindow } from '../common/domain.constants.js';
import { Money, ZERO } from '../common/money.js';
import type { MonthlyWindowMode, QuotaConfig } from '../config/app-config.js';

export const ROLLING_MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/** Where a rollover happens: a stored start before `cutoff` is expired; a new window starts at `start`. */
interface WindowBound {
  cutoff: Date;
  start: Date;
}

export type WindowBounds = Record<QuotaWindow, WindowBound>;

/** The calendar boundaries around one instant; valid for every instant in [dayStart, nextDayStart). */
interface CalendarBounds {
  dayStart: number;
  nextDayStart: number;
  weekStart: number;
  nextWeekStart: number;
  monthStart: number;
  nextMonthStart: number;
}

export class QuotaWindows {
  readonly timezone: string;
  readonly monthlyMode: MonthlyWindowMode;
  /** The last day's boundaries: Luxon is only consulted when the clock leaves that day. */
  private cached?: CalendarBounds;

  constructor(config: QuotaConfig) {
    this.timezone = config.timezone;
    this.monthlyMode = config.monthlyWindow;
  }

  /**
   * Per window at `now`: the cutoff below which a stored start is expired, and the start a window
   * opened now gets. For rolling30d the cutoff is `now - 30 d + 1 ms`: window starts are whole
   * milliseconds (they all come from the clock), so `start < cutoff` is exactly `now - start >= 30 d`.
   */
  bounds(now: Date): WindowBounds {
    const c = this.calendar(now.getTime());
    const monthly =
      this.monthlyMode === 'calendar'
        ? { cutoff: new Date(c.monthStart), start: new Date(c.monthStart) }
        : { cutoff: new Date(now.getTime() - ROLLING_MONTH_MS + 1), start: new Date(now.getTime()) };
    return {
      daily: { cutoff: new Date(c.dayStart), start: new Date(c.dayStart) },
      weekly: { cutoff: new Date(c.weekStart), start: new Date(c.weekStart) },
      monthly,
    };
  }

  /** The start a window opened at `now` gets (for rolling30d, `now` itself). */
  currentStart(window: QuotaWindow, now: Date): Date {
    return this.bounds(now)[window].start;
  }

  /** A window with no start has never been opened and counts as expired. */
  isExpired(window: QuotaWindow, start: Date | null, now: Date): boolean {
    return start === null || start.getTime() < this.cutoff(window, now.getTime());
  }

  /** `bounds(now)[window].cutoff` as a number, without building the other bounds. */
  private cutoff(window: QuotaWindow, instant: number): number {
    if (window === 'monthly' && this.monthlyMode === 'rolling30d') return instant - ROLLING_MONTH_MS + 1;
    const c = this.calendar(instant);
    return window === 'daily' ? c.dayStart : window === 'weekly' ? c.weekStart : c.monthStart;
  }

  /** What a stored usage counts for at `now`: nothing once its window has expired. */
  effectiveUsage(window: QuotaWindow, usage: Money, start: Date | null, now: Date): Money {
    return this.isExpired(window, start, now) ? ZERO : usage;
  }

  /**
   * When the window that is current at `now` ends. Daily, weekly and calendar months always know;
   * a rolling month knows only while a window is open (the next one opens at the next charge).
   */
  resetsAt(window: QuotaWindow, start: Date | null, now: Date): Date | null {
    const c = this.calendar(now.getTime());
    switch (window) {
      case 'daily':
        return new Date(c.nextDayStart);
      case 'weekly':
        return new Date(c.nextWeekStart);
      case 'monthly':
        if (this.monthlyMode === 'calendar') return new Date(c.nextMonthStart);
        return start === null || this.isExpired('monthly', start, now)
          ? null
          : new Date(start.getTime() + ROLLING_MONTH_MS);
    }
  }

  private calendar(instant: number): CalendarBounds {
    const cached = this.cached;
    if (cached && instant >= cached.dayStart && instant < cached.nextDayStart) return cached;
    const local = DateTime.fromMillis(instant, { zone: this.timezone });
    // Luxon's weeks are ISO weeks: they start on Monday.
    const day = startOf(local, 'day');
    const week = startOf(local, 'week');
    const month = startOf(local, 'month');
    this.cached = {
      dayStart: day.toMillis(),
      nextDayStart: startOf(day.plus({ days: 1 }), 'day').toMillis(),
      weekStart: week.toMillis(),
      nextWeekStart: startOf(week.plus({ weeks: 1 }), 'day').toMillis(),
      monthStart: month.toMillis(),
      nextMonthStart: startOf(month.plus({ months: 1 }), 'day').toMillis(),
    };
    return this.cached;
  }
}

/**
 * The first instant of the local day, week or month that contains `local`. Luxon keeps the offset
 * `local` has, which is wrong where a zone repeats its midnight (America/Havana turns 01:00 back to
 * 00:00): there the period starts at the first midnight, just before the clocks were turned back.
 */
function startOf(local: DateTime, unit: 'day' | 'week' | 'month'): DateTime {
  const start = local.startOf(unit);
  const turnedBack = start.minus({ milliseconds: 1 }).offset - start.offset;
  if (turnedBack > 0) {
    const earlier = start.minus({ minutes: turnedBack });
    if (earlier.toISODate() === start.toISODate() && earlier.hour === 0 && earlier.minute === 0) return earlier;
  }
  return start;
}
