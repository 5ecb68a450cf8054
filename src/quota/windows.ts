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
    const zone = this.timezone;
    const local = DateTime.fromMillis(instant, { zone });
    // The calendar date whose day holds `instant`: its local date, or the next one when the
    // clocks were turned back across midnight and read the previous date again after the next
    // day had begun (America/St_Johns, 2009-11-01: 00:01 NDT became 23:01 NST).
    let day = DateTime.utc(local.year, local.month, local.day);
    let dayStart = firstInstantOf(day, zone);
    let nextDayStart = firstInstantOf(day.plus({ days: 1 }), zone);
    if (nextDayStart <= instant) {
      day = day.plus({ days: 1 });
      dayStart = nextDayStart;
      nextDayStart = firstInstantOf(day.plus({ days: 1 }), zone);
    }
    // Luxon's weekdays are ISO weekdays: Monday is 1.
    const monday = day.minus({ days: day.weekday - 1 });
    const first = day.set({ day: 1 });
    this.cached = {
      dayStart,
      nextDayStart,
      weekStart: firstInstantOf(monday, zone),
      nextWeekStart: firstInstantOf(monday.plus({ weeks: 1 }), zone),
      monthStart: firstInstantOf(first, zone),
      nextMonthStart: firstInstantOf(first.plus({ months: 1 }), zone),
    };
    return this.cached;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The first instant of a calendar date (`date` holds it at UTC midnight) in `zone`: its first
 * midnight where the zone repeats midnight (clocks turned back across or onto 00:00, such as
 * America/Havana or America/St_Johns), the end of the gap where it skips midnight (clocks moved
 * forward over 00:00, such as America/Santiago).
 */
function firstInstantOf(date: DateTime, zone: string): number {
  const wall = date.toMillis();
  // Luxon's reading of local 00:00: the later of two midnights, or after the gap when skipped.
  const luxon = DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone }).toMillis();
  let first = luxon;
  // Every offset the zone has around that date gives a candidate; keep those that read 00:00.
  for (const probe of [luxon - DAY_MS, luxon + DAY_MS]) {
    const candidate = wall - DateTime.fromMillis(probe, { zone }).offset * 60_000;
    if (candidate >= first) continue;
    const read = DateTime.fromMillis(candidate, { zone });
    if (read.toISODate() === date.toISODate() && read.hour === 0 && read.minute === 0 && read.second === 0) {
      first = candidate;
    }
  }
  return first;
}
