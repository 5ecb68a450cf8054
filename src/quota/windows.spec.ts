/**
 * Unit spec for the pure window arithmetic. Every expected instant below was derived by hand from
 * the zone's offsets and cross-checked with Luxon. The property tests use Luxon as an oracle for
 * "which local date and offset is this instant" (and to aim random instants near local midnights),
 * never to compute the expected boundaries with the same startOf() calls the implementation uses.
 */
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';

import type { QuotaWindow } from '../common/domain.constants.js';
import { Money, ZERO } from '../common/money.js';
import type { MonthlyWindowMode } from '../config/app-config.js';
import { QuotaWindows, ROLLING_MONTH_MS } from './windows.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const WINDOWS: readonly QuotaWindow[] = ['daily', 'weekly', 'monthly'];

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
const plus = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

function quota(timezone: string, monthlyWindow: MonthlyWindowMode = 'calendar'): QuotaWindows {
  return new QuotaWindows({ timezone, monthlyWindow });
}

/** Everything the calendar windows say at `now`, as ISO strings, from a given instance. */
function calendarView(windows: QuotaWindows, now: Date) {
  const b = windows.bounds(now);
  return {
    dailyStart: iso(b.daily.start),
    dailyResetsAt: iso(windows.resetsAt('daily', b.daily.start, now)),
    weeklyStart: iso(b.weekly.start),
    weeklyResetsAt: iso(windows.resetsAt('weekly', b.weekly.start, now)),
    monthlyStart: iso(b.monthly.start),
    monthlyResetsAt: iso(windows.resetsAt('monthly', b.monthly.start, now)),
  };
}

/** Every answer the class gives at `now` for one stored start, to compare instances with each other. */
function fullView(windows: QuotaWindows, now: Date, stored: Date) {
  const b = windows.bounds(now);
  const usage = new Money('1.5');
  return WINDOWS.map((w) => ({
    window: w,
    cutoff: iso(b[w].cutoff),
    start: iso(b[w].start),
    currentStart: iso(windows.currentStart(w, now)),
    expired: windows.isExpired(w, stored, now),
    usage: windows.effectiveUsage(w, usage, stored, now).toFixed(),
    resetsAt: iso(windows.resetsAt(w, stored, now)),
    resetsAtFromOwnStart: iso(windows.resetsAt(w, b[w].start, now)),
  }));
}

/** The local calendar date (yyyy-mm-dd) of an instant in a zone. */
const localDate = (instant: Date | number, zone: string): string =>
  DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone }).toISODate()!;

/** Calendar arithmetic on a bare date, free of any zone. */
const shiftDate = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;

/**
 * `instant` is the first instant of the local date `date` in `zone`: it is on that date and the
 * millisecond before is on an earlier one. When it is not 00:00 local, midnight must not exist
 * that day (the clock jumped over it exactly at `instant`).
 */
function expectFirstInstantOfLocalDay(instant: Date, zone: string, date: string): void {
  const local = DateTime.fromJSDate(instant, { zone });
  const before = DateTime.fromMillis(instant.getTime() - 1, { zone });
  expect(local.toISODate()).toBe(date);
  expect(before.toISODate()! < date).toBe(true);
  if (local.hour !== 0 || local.minute !== 0 || local.second !== 0 || local.millisecond !== 0) {
    // Local midnight was skipped: an offset change happens right at `instant`.
    expect(before.offset).not.toBe(local.offset);
    expect(before.toFormat('HH:mm:ss.SSS')).toBe('23:59:59.999');
  }
}

describe('QuotaWindows', () => {
  describe('ROLLING_MONTH_MS', () => {
    it('is exactly 30 x 24 hours (720 h), not a calendar month', () => {
      expect(ROLLING_MONTH_MS).toBe(2_592_000_000);
      expect(ROLLING_MONTH_MS).toBe(720 * HOUR);
    });
  });

  describe('calendar boundaries in UTC', () => {
    const windows = quota('UTC');

    it('places an instant in its day, ISO week (Monday) and month', () => {
      // 2026-05-20 is a Wednesday.
      expect(calendarView(windows, at('2026-05-20T10:00:00.000Z'))).toEqual({
        dailyStart: '2026-05-20T00:00:00.000Z',
        dailyResetsAt: '2026-05-21T00:00:00.000Z',
        weeklyStart: '2026-05-18T00:00:00.000Z',
        weeklyResetsAt: '2026-05-25T00:00:00.000Z',
        monthlyStart: '2026-05-01T00:00:00.000Z',
        monthlyResetsAt: '2026-06-01T00:00:00.000Z',
      });
    });

    it('keeps the last millisecond before midnight in the old day and starts a new day at midnight', () => {
      expect(calendarView(windows, at('2026-05-20T23:59:59.999Z')).dailyStart).toBe('2026-05-20T00:00:00.000Z');
      expect(calendarView(windows, at('2026-05-21T00:00:00.000Z'))).toMatchObject({
        dailyStart: '2026-05-21T00:00:00.000Z',
        dailyResetsAt: '2026-05-22T00:00:00.000Z',
      });
    });

    it('treats Sunday 23:59:59.999 as the end of the week and Monday 00:00 as the start of the next', () => {
      expect(calendarView(windows, at('2026-05-24T23:59:59.999Z'))).toMatchObject({
        weeklyStart: '2026-05-18T00:00:00.000Z',
        weeklyResetsAt: '2026-05-25T00:00:00.000Z',
      });
      expect(calendarView(windows, at('2026-05-25T00:00:00.000Z'))).toMatchObject({
        weeklyStart: '2026-05-25T00:00:00.000Z',
        weeklyResetsAt: '2026-06-01T00:00:00.000Z',
      });
    });

    it('uses the same instant for cutoff and start of the calendar windows', () => {
      const b = windows.bounds(at('2026-05-20T10:00:00.000Z'));
      for (const w of WINDOWS) expect(b[w].cutoff.getTime()).toBe(b[w].start.getTime());
    });

    it('answers currentStart with the bound start of each window', () => {
      const now = at('2026-05-20T10:00:00.000Z');
      expect(iso(windows.currentStart('daily', now))).toBe('2026-05-20T00:00:00.000Z');
      expect(iso(windows.currentStart('weekly', now))).toBe('2026-05-18T00:00:00.000Z');
      expect(iso(windows.currentStart('monthly', now))).toBe('2026-05-01T00:00:00.000Z');
    });
  });

  describe('calendar boundaries in Asia/Shanghai (UTC+8, no DST)', () => {
    const windows = quota('Asia/Shanghai');

    it('keeps 2026-05-20T15:59:59.999Z in May 20 local', () => {
      expect(calendarView(windows, at('2026-05-20T15:59:59.999Z'))).toEqual({
        dailyStart: '2026-05-19T16:00:00.000Z',
        dailyResetsAt: '2026-05-20T16:00:00.000Z',
        weeklyStart: '2026-05-17T16:00:00.000Z',
        weeklyResetsAt: '2026-05-24T16:00:00.000Z',
        monthlyStart: '2026-04-30T16:00:00.000Z',
        monthlyResetsAt: '2026-05-31T16:00:00.000Z',
      });
    });

    it('starts May 21 local at 2026-05-20T16:00:00.000Z', () => {
      expect(calendarView(windows, at('2026-05-20T16:00:00.000Z'))).toMatchObject({
        dailyStart: '2026-05-20T16:00:00.000Z',
        dailyResetsAt: '2026-05-21T16:00:00.000Z',
        weeklyStart: '2026-05-17T16:00:00.000Z',
      });
    });

    it('expires a daily window opened at 23:59:59.999 local at the next local midnight', () => {
      const opened = at('2026-05-20T15:59:59.999Z');
      expect(windows.isExpired('daily', opened, at('2026-05-20T15:59:59.999Z'))).toBe(false);
      expect(windows.isExpired('daily', opened, at('2026-05-20T16:00:00.000Z'))).toBe(true);
    });

    it('rolls the calendar month over at the 1st 00:00 local, 8 hours before UTC does', () => {
      expect(calendarView(windows, at('2026-05-31T15:59:59.999Z')).monthlyStart).toBe('2026-04-30T16:00:00.000Z');
      expect(calendarView(windows, at('2026-05-31T16:00:00.000Z'))).toMatchObject({
        monthlyStart: '2026-05-31T16:00:00.000Z',
        monthlyResetsAt: '2026-06-30T16:00:00.000Z',
      });
    });
  });

  describe('calendar boundaries in America/New_York across DST', () => {
    const windows = quota('America/New_York');

    describe('spring forward on Sunday 2026-03-08 (02:00 EST -> 03:00 EDT)', () => {
      it('makes the day 23 hours long and resets it at the next local midnight', () => {
        const view = calendarView(windows, at('2026-03-08T12:00:00.000Z'));
        expect(view.dailyStart).toBe('2026-03-08T05:00:00.000Z');
        expect(view.dailyResetsAt).toBe('2026-03-09T04:00:00.000Z');
        expect(at(view.dailyResetsAt!).getTime() - at(view.dailyStart!).getTime()).toBe(23 * HOUR);
      });

      it('keeps both sides of the skipped hour in the same day', () => {
        // 01:59:59.999 EST and 03:00:00.000 EDT.
        for (const now of ['2026-03-08T06:59:59.999Z', '2026-03-08T07:00:00.000Z']) {
          expect(calendarView(windows, at(now))).toMatchObject({
            dailyStart: '2026-03-08T05:00:00.000Z',
            dailyResetsAt: '2026-03-09T04:00:00.000Z',
          });
        }
      });

      it('makes the week that contains it 167 hours long, ending at Monday 00:00 EDT', () => {
        const view = calendarView(windows, at('2026-03-08T12:00:00.000Z'));
        expect(view.weeklyStart).toBe('2026-03-02T05:00:00.000Z');
        expect(view.weeklyResetsAt).toBe('2026-03-09T04:00:00.000Z');
        expect(at(view.weeklyResetsAt!).getTime() - at(view.weeklyStart!).getTime()).toBe(167 * HOUR);
      });

      it('starts March at 00:00 EST and April at 00:00 EDT', () => {
        expect(calendarView(windows, at('2026-03-08T12:00:00.000Z'))).toMatchObject({
          monthlyStart: '2026-03-01T05:00:00.000Z',
          monthlyResetsAt: '2026-04-01T04:00:00.000Z',
        });
      });

      it('starts the next day at 00:00 EDT', () => {
        expect(calendarView(windows, at('2026-03-09T04:00:00.000Z'))).toMatchObject({
          dailyStart: '2026-03-09T04:00:00.000Z',
          dailyResetsAt: '2026-03-10T04:00:00.000Z',
          weeklyStart: '2026-03-09T04:00:00.000Z',
          weeklyResetsAt: '2026-03-16T04:00:00.000Z',
        });
        expect(calendarView(windows, at('2026-03-09T03:59:59.999Z')).dailyStart).toBe('2026-03-08T05:00:00.000Z');
      });
    });

    describe('fall back on Sunday 2026-11-01 (02:00 EDT -> 01:00 EST)', () => {
      it('makes the day 25 hours long and resets it at the next local midnight', () => {
        const view = calendarView(windows, at('2026-11-01T12:00:00.000Z'));
        expect(view.dailyStart).toBe('2026-11-01T04:00:00.000Z');
        expect(view.dailyResetsAt).toBe('2026-11-02T05:00:00.000Z');
        expect(at(view.dailyResetsAt!).getTime() - at(view.dailyStart!).getTime()).toBe(25 * HOUR);
      });

      it('keeps both occurrences of 01:30 in the same day', () => {
        // 01:30 EDT and 01:30 EST.
        for (const now of ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']) {
          expect(calendarView(windows, at(now))).toMatchObject({
            dailyStart: '2026-11-01T04:00:00.000Z',
            dailyResetsAt: '2026-11-02T05:00:00.000Z',
          });
        }
        expect(windows.isExpired('daily', at('2026-11-01T05:30:00.000Z'), at('2026-11-01T06:30:00.000Z'))).toBe(false);
      });

      it('makes the week that contains it 169 hours long', () => {
        const view = calendarView(windows, at('2026-11-01T12:00:00.000Z'));
        expect(view.weeklyStart).toBe('2026-10-26T04:00:00.000Z');
        expect(view.weeklyResetsAt).toBe('2026-11-02T05:00:00.000Z');
        expect(at(view.weeklyResetsAt!).getTime() - at(view.weeklyStart!).getTime()).toBe(169 * HOUR);
      });

      it('starts November at 00:00 EDT and December at 00:00 EST', () => {
        expect(calendarView(windows, at('2026-11-01T12:00:00.000Z'))).toMatchObject({
          monthlyStart: '2026-11-01T04:00:00.000Z',
          monthlyResetsAt: '2026-12-01T05:00:00.000Z',
        });
      });
    });
  });

  describe('calendar boundaries in Australia/Lord_Howe (30-minute DST shift)', () => {
    const windows = quota('Australia/Lord_Howe');

    describe('DST ends on Sunday 2026-04-05 (02:00 +11:00 -> 01:30 +10:30)', () => {
      it('makes the day 24.5 hours long', () => {
        const view = calendarView(windows, at('2026-04-05T06:00:00.000Z'));
        expect(view.dailyStart).toBe('2026-04-04T13:00:00.000Z');
        expect(view.dailyResetsAt).toBe('2026-04-05T13:30:00.000Z');
        expect(at(view.dailyResetsAt!).getTime() - at(view.dailyStart!).getTime()).toBe(24.5 * HOUR);
      });

      it('keeps both sides of the repeated half hour in the same day', () => {
        // 01:59:59.999 +11:00 and 01:30:00.000 +10:30.
        for (const now of ['2026-04-04T14:59:59.999Z', '2026-04-04T15:00:00.000Z']) {
          expect(calendarView(windows, at(now)).dailyStart).toBe('2026-04-04T13:00:00.000Z');
        }
      });

      it('spans a month end in a 168.5-hour week (Monday 2026-03-30 to Monday 2026-04-06)', () => {
        const view = calendarView(windows, at('2026-04-05T06:00:00.000Z'));
        expect(view.weeklyStart).toBe('2026-03-29T13:00:00.000Z');
        expect(view.weeklyResetsAt).toBe('2026-04-05T13:30:00.000Z');
        expect(at(view.weeklyResetsAt!).getTime() - at(view.weeklyStart!).getTime()).toBe(168.5 * HOUR);
        // March 31 local is in the same week but in the previous calendar month.
        expect(calendarView(windows, at('2026-03-31T06:00:00.000Z'))).toMatchObject({
          weeklyStart: '2026-03-29T13:00:00.000Z',
          monthlyStart: '2026-02-28T13:00:00.000Z',
          monthlyResetsAt: '2026-03-31T13:00:00.000Z',
        });
      });

      it('starts April at 00:00 +11:00 and May at 00:00 +10:30', () => {
        expect(calendarView(windows, at('2026-04-05T06:00:00.000Z'))).toMatchObject({
          monthlyStart: '2026-03-31T13:00:00.000Z',
          monthlyResetsAt: '2026-04-30T13:30:00.000Z',
        });
      });
    });

    describe('DST starts on Sunday 2026-10-04 (02:00 +10:30 -> 02:30 +11:00)', () => {
      it('makes the day 23.5 hours long', () => {
        const view = calendarView(windows, at('2026-10-04T06:00:00.000Z'));
        expect(view.dailyStart).toBe('2026-10-03T13:30:00.000Z');
        expect(view.dailyResetsAt).toBe('2026-10-04T13:00:00.000Z');
        expect(at(view.dailyResetsAt!).getTime() - at(view.dailyStart!).getTime()).toBe(23.5 * HOUR);
      });

      it('keeps both sides of the skipped half hour in the same day', () => {
        // 01:59:59.999 +10:30 and 02:30:00.000 +11:00.
        for (const now of ['2026-10-03T15:29:59.999Z', '2026-10-03T15:30:00.000Z']) {
          expect(calendarView(windows, at(now)).dailyStart).toBe('2026-10-03T13:30:00.000Z');
        }
      });

      it('makes the week that contains it 167.5 hours long', () => {
        const view = calendarView(windows, at('2026-10-04T06:00:00.000Z'));
        expect(view.weeklyStart).toBe('2026-09-27T13:30:00.000Z');
        expect(view.weeklyResetsAt).toBe('2026-10-04T13:00:00.000Z');
        expect(at(view.weeklyResetsAt!).getTime() - at(view.weeklyStart!).getTime()).toBe(167.5 * HOUR);
      });

      it('starts October at 00:00 +10:30 and November at 00:00 +11:00', () => {
        expect(calendarView(windows, at('2026-10-04T06:00:00.000Z'))).toMatchObject({
          monthlyStart: '2026-09-30T13:30:00.000Z',
          monthlyResetsAt: '2026-10-31T13:00:00.000Z',
        });
      });
    });
  });

  describe('calendar boundaries in America/Santiago (DST skips midnight)', () => {
    const windows = quota('America/Santiago');

    it('starts a day without a 00:00 at its first instant, 01:00 local (2026-09-06)', () => {
      // Saturday 24:00 -04:00 becomes Sunday 01:00 -03:00.
      expect(calendarView(windows, at('2026-09-06T12:00:00.000Z'))).toMatchObject({
        dailyStart: '2026-09-06T04:00:00.000Z',
        dailyResetsAt: '2026-09-07T03:00:00.000Z',
      });
      expect(calendarView(windows, at('2026-09-06T03:59:59.999Z'))).toMatchObject({
        dailyStart: '2026-09-05T04:00:00.000Z',
        dailyResetsAt: '2026-09-06T04:00:00.000Z',
      });
    });

    it('keeps the repeated 23:00 hour in Saturday when DST ends (2026-04-04 is 25 hours long)', () => {
      for (const now of ['2026-04-05T02:30:00.000Z', '2026-04-05T03:30:00.000Z']) {
        expect(calendarView(windows, at(now))).toMatchObject({
          dailyStart: '2026-04-04T03:00:00.000Z',
          dailyResetsAt: '2026-04-05T04:00:00.000Z',
        });
      }
    });
  });

  describe('calendar boundaries in America/St_Johns (clocks turned back across midnight)', () => {
    // 2009-11-01 00:01 NDT (-02:30) became 2009-10-31 23:01 NST (-03:30): after November 1st had
    // begun, the clocks read October 31st for another hour.
    const windows = quota('America/St_Johns');
    const november = {
      dailyStart: '2009-11-01T02:30:00.000Z',
      dailyResetsAt: '2009-11-02T03:30:00.000Z',
      weeklyStart: '2009-10-26T02:30:00.000Z',
      weeklyResetsAt: '2009-11-02T03:30:00.000Z',
      monthlyStart: '2009-11-01T02:30:00.000Z',
      monthlyResetsAt: '2009-12-01T03:30:00.000Z',
    };

    it('starts November 1st at its first midnight, 00:00 NDT', () => {
      for (const now of ['2009-11-01T02:30:00.000Z', '2009-11-01T02:30:59.999Z', '2009-11-01T04:00:00.000Z']) {
        expect(calendarView(windows, at(now))).toEqual(november);
      }
    });

    it('counts the hour whose clocks read October 31st again as November 1st, with a reset ahead of it', () => {
      for (const now of ['2009-11-01T02:31:00.000Z', '2009-11-01T03:00:00.000Z', '2009-11-01T03:29:59.999Z']) {
        expect(localDate(at(now), 'America/St_Johns')).toBe('2009-10-31');
        expect(calendarView(windows, at(now))).toEqual(november);
      }
    });

    it('keeps the millisecond before the first midnight in October 31st', () => {
      expect(calendarView(windows, at('2009-11-01T02:29:59.999Z'))).toMatchObject({
        dailyStart: '2009-10-31T02:30:00.000Z',
        dailyResetsAt: '2009-11-01T02:30:00.000Z',
        monthlyStart: '2009-10-01T02:30:00.000Z',
        monthlyResetsAt: '2009-11-01T02:30:00.000Z',
      });
    });

    it("expires a daily window opened in the repeated hour only at the next day's midnight", () => {
      const opened = at('2009-11-01T03:00:00.000Z');
      expect(windows.isExpired('daily', opened, at('2009-11-02T03:29:59.999Z'))).toBe(false);
      expect(windows.isExpired('daily', opened, at('2009-11-02T03:30:00.000Z'))).toBe(true);
    });
  });

  describe('reset times', () => {
    const zones = ['UTC', 'America/St_Johns', 'America/Havana', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Gaza'];

    it('are always after now, and the windows hold now, in zones that skip or repeat midnight', () => {
      const from = Date.parse('2005-01-01T00:00:00.000Z');
      const to = Date.parse('2030-01-01T00:00:00.000Z');
      fc.assert(
        fc.property(fc.constantFrom(...zones), fc.integer({ min: from, max: to }), (zone, instant) => {
          const windows = quota(zone);
          const now = new Date(instant);
          const b = windows.bounds(now);
          for (const w of WINDOWS) {
            expect(b[w].start.getTime()).toBeLessThanOrEqual(instant);
            expect(windows.resetsAt(w, b[w].start, now)!.getTime()).toBeGreaterThan(instant);
          }
        }),
        { numRuns: 3000 },
      );
    });

    it('are after now in the last millisecond before and the first after every offset change near midnight', () => {
      for (const zone of zones.slice(1)) {
        const windows = quota(zone);
        const iana = IANAZone.create(zone);
        // Every offset change within two hours of a local midnight, found hour by hour.
        for (let t = Date.parse('2005-01-01T00:00:00.000Z'); t < Date.parse('2030-01-01T00:00:00.000Z'); t += HOUR) {
          if (iana.offset(t) === iana.offset(t + HOUR)) continue;
          let lo = t;
          let hi = t + HOUR;
          while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            if (iana.offset(mid) === iana.offset(t)) lo = mid;
            else hi = mid;
          }
          const local = DateTime.fromMillis(hi, { zone });
          if (local.hour > 2 && local.hour < 22) continue;
          for (const instant of [lo, hi, hi + 30 * 60 * 1000]) {
            const now = new Date(instant);
            const b = windows.bounds(now);
            for (const w of WINDOWS) {
              expect(b[w].start.getTime()).toBeLessThanOrEqual(instant);
              expect(windows.resetsAt(w, b[w].start, now)!.getTime()).toBeGreaterThan(instant);
            }
          }
        }
      }
    });
  });

  describe('a week spanning a month end and a year end (Monday 2025-12-29 to Monday 2026-01-05)', () => {
    it('in UTC: Sunday 2026-01-04 23:59:59.999 is still in the week; Monday 00:00 starts a new one', () => {
      const windows = quota('UTC');
      for (const now of ['2025-12-29T00:00:00.000Z', '2025-12-31T23:59:59.999Z', '2026-01-04T23:59:59.999Z']) {
        expect(calendarView(windows, at(now))).toMatchObject({
          weeklyStart: '2025-12-29T00:00:00.000Z',
          weeklyResetsAt: '2026-01-05T00:00:00.000Z',
        });
      }
      expect(calendarView(windows, at('2026-01-05T00:00:00.000Z'))).toMatchObject({
        weeklyStart: '2026-01-05T00:00:00.000Z',
        weeklyResetsAt: '2026-01-12T00:00:00.000Z',
      });
      expect(calendarView(windows, at('2025-12-28T23:59:59.999Z')).weeklyStart).toBe('2025-12-22T00:00:00.000Z');
    });

    it('in Asia/Shanghai: the same week runs from 2025-12-28T16:00Z to 2026-01-04T16:00Z', () => {
      const windows = quota('Asia/Shanghai');
      for (const now of ['2025-12-28T16:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-04T15:59:59.999Z']) {
        expect(calendarView(windows, at(now))).toMatchObject({
          weeklyStart: '2025-12-28T16:00:00.000Z',
          weeklyResetsAt: '2026-01-04T16:00:00.000Z',
        });
      }
      expect(calendarView(windows, at('2026-01-04T16:00:00.000Z'))).toMatchObject({
        weeklyStart: '2026-01-04T16:00:00.000Z',
        weeklyResetsAt: '2026-01-11T16:00:00.000Z',
      });
    });

    it('resets the calendar month on January 1st but keeps the weekly window running', () => {
      const windows = quota('Asia/Shanghai');
      const openedDec30 = at('2025-12-30T04:00:00.000Z');
      const jan2 = at('2026-01-02T04:00:00.000Z');
      expect(calendarView(windows, at('2025-12-31T15:59:59.999Z'))).toMatchObject({
        monthlyStart: '2025-11-30T16:00:00.000Z',
        monthlyResetsAt: '2025-12-31T16:00:00.000Z',
      });
      expect(calendarView(windows, jan2).monthlyStart).toBe('2025-12-31T16:00:00.000Z');
      expect(windows.isExpired('monthly', openedDec30, jan2)).toBe(true);
      expect(windows.isExpired('weekly', openedDec30, jan2)).toBe(false);
      expect(windows.isExpired('daily', openedDec30, jan2)).toBe(true);
    });
  });

  describe('calendar months through February', () => {
    it.each([
      ['UTC', '2028-02-15T12:00:00.000Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
      ['UTC', '2027-02-15T12:00:00.000Z', '2027-02-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
      ['UTC', '2026-02-15T12:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['Asia/Shanghai', '2028-02-15T12:00:00.000Z', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'],
      ['Asia/Shanghai', '2027-02-15T12:00:00.000Z', '2027-01-31T16:00:00.000Z', '2027-02-28T16:00:00.000Z'],
      ['America/New_York', '2028-02-15T12:00:00.000Z', '2028-02-01T05:00:00.000Z', '2028-03-01T05:00:00.000Z'],
      ['America/New_York', '2027-02-15T12:00:00.000Z', '2027-02-01T05:00:00.000Z', '2027-03-01T05:00:00.000Z'],
    ])('in %s, from %s the month started at %s and resets at March 1st 00:00 local (%s)', (zone, now, start, reset) => {
      expect(calendarView(quota(zone), at(now))).toMatchObject({ monthlyStart: start, monthlyResetsAt: reset });
    });

    it('has a February 29th in 2028 that still belongs to February', () => {
      const windows = quota('UTC');
      expect(calendarView(windows, at('2028-02-29T12:00:00.000Z'))).toMatchObject({
        dailyStart: '2028-02-29T00:00:00.000Z',
        dailyResetsAt: '2028-03-01T00:00:00.000Z',
        monthlyStart: '2028-02-01T00:00:00.000Z',
        monthlyResetsAt: '2028-03-01T00:00:00.000Z',
      });
      expect(calendarView(windows, at('2028-02-29T23:59:59.999Z')).monthlyStart).toBe('2028-02-01T00:00:00.000Z');
      expect(calendarView(windows, at('2028-03-01T00:00:00.000Z')).monthlyStart).toBe('2028-03-01T00:00:00.000Z');
    });

    it('has a February 29th in 2028 in Asia/Shanghai (2028-02-28T16:00Z to 2028-02-29T16:00Z)', () => {
      expect(calendarView(quota('Asia/Shanghai'), at('2028-02-29T03:00:00.000Z'))).toMatchObject({
        dailyStart: '2028-02-28T16:00:00.000Z',
        dailyResetsAt: '2028-02-29T16:00:00.000Z',
      });
    });

    it('goes from February 28th straight to March 1st in a common year (2027)', () => {
      const windows = quota('UTC');
      expect(calendarView(windows, at('2027-02-28T23:59:59.999Z'))).toMatchObject({
        dailyResetsAt: '2027-03-01T00:00:00.000Z',
        monthlyStart: '2027-02-01T00:00:00.000Z',
        monthlyResetsAt: '2027-03-01T00:00:00.000Z',
      });
      expect(calendarView(windows, at('2027-03-01T00:00:00.000Z'))).toMatchObject({
        monthlyStart: '2027-03-01T00:00:00.000Z',
        monthlyResetsAt: '2027-04-01T00:00:00.000Z',
      });
    });

    it('expires a February calendar window at March 1st 00:00 local and not a millisecond before', () => {
      const windows = quota('Asia/Shanghai');
      const opened = at('2028-02-10T04:00:00.000Z');
      expect(windows.isExpired('monthly', opened, at('2028-02-29T15:59:59.999Z'))).toBe(false);
      expect(windows.isExpired('monthly', opened, at('2028-02-29T16:00:00.000Z'))).toBe(true);
    });
  });

  describe('rolling 30-day monthly window', () => {
    const usage = new Money('12.3456789012');

    it('opens a window at `now` itself, with cutoff now - 30 d + 1 ms', () => {
      const now = at('2026-05-20T10:11:12.345Z');
      const monthly = quota('Asia/Shanghai', 'rolling30d').bounds(now).monthly;
      expect(iso(monthly.start)).toBe('2026-05-20T10:11:12.345Z');
      expect(iso(monthly.cutoff)).toBe('2026-04-20T10:11:12.346Z');
      expect(iso(quota('UTC', 'rolling30d').currentStart('monthly', now))).toBe('2026-05-20T10:11:12.345Z');
    });

    it('is still open at 30 d - 1 ms: not expired, usage counts, resets at start + 30 d', () => {
      const windows = quota('UTC', 'rolling30d');
      const start = at('2026-05-01T08:00:00.000Z');
      const now = at('2026-05-31T07:59:59.999Z');
      expect(now.getTime() - start.getTime()).toBe(ROLLING_MONTH_MS - 1);
      expect(windows.isExpired('monthly', start, now)).toBe(false);
      expect(windows.effectiveUsage('monthly', usage, start, now)).toBe(usage);
      expect(iso(windows.resetsAt('monthly', start, now))).toBe('2026-05-31T08:00:00.000Z');
    });

    it('is expired at exactly 30 d: usage is ZERO and there is no reset time', () => {
      const windows = quota('UTC', 'rolling30d');
      const start = at('2026-05-01T08:00:00.000Z');
      const now = at('2026-05-31T08:00:00.000Z');
      expect(windows.isExpired('monthly', start, now)).toBe(true);
      expect(windows.effectiveUsage('monthly', usage, start, now)).toBe(ZERO);
      expect(windows.resetsAt('monthly', start, now)).toBeNull();
    });

    it('has no reset time and no usage without a start', () => {
      const windows = quota('UTC', 'rolling30d');
      const now = at('2026-05-20T00:00:00.000Z');
      expect(windows.isExpired('monthly', null, now)).toBe(true);
      expect(windows.effectiveUsage('monthly', usage, null, now)).toBe(ZERO);
      expect(windows.resetsAt('monthly', null, now)).toBeNull();
    });

    it('is open right after it was opened and resets 30 d later', () => {
      const windows = quota('UTC', 'rolling30d');
      const now = at('2026-05-20T10:00:00.000Z');
      expect(windows.isExpired('monthly', now, now)).toBe(false);
      expect(iso(windows.resetsAt('monthly', now, now))).toBe('2026-06-19T10:00:00.000Z');
    });

    it.each([
      ['leap year 2028', '2028-02-10T00:00:00.000Z', '2028-03-11T00:00:00.000Z'],
      ['common year 2027', '2027-02-10T00:00:00.000Z', '2027-03-12T00:00:00.000Z'],
      ['common year 2026', '2026-02-10T00:00:00.000Z', '2026-03-12T00:00:00.000Z'],
    ])('crosses February in a %s: from %s it lasts until %s', (_label, startIso, endIso) => {
      const windows = quota('UTC', 'rolling30d');
      const start = at(startIso);
      const end = at(endIso);
      expect(iso(windows.resetsAt('monthly', start, plus(start, DAY)))).toBe(endIso);
      expect(windows.isExpired('monthly', start, plus(end, -1))).toBe(false);
      expect(iso(windows.resetsAt('monthly', start, plus(end, -1)))).toBe(endIso);
      expect(windows.isExpired('monthly', start, end)).toBe(true);
      expect(windows.resetsAt('monthly', start, end)).toBeNull();
    });

    describe('is a pure 720-hour duration across DST changes', () => {
      it('in America/New_York across spring forward: ends at 08:00 EDT for a start at 07:00 EST', () => {
        const windows = quota('America/New_York', 'rolling30d');
        const start = at('2026-03-01T12:00:00.000Z'); // 07:00 EST
        // 30 calendar days later at the same wall-clock time (07:00 EDT) the window is still open.
        expect(windows.isExpired('monthly', start, at('2026-03-31T11:00:00.000Z'))).toBe(false);
        expect(windows.isExpired('monthly', start, at('2026-03-31T11:59:59.999Z'))).toBe(false);
        expect(iso(windows.resetsAt('monthly', start, at('2026-03-31T11:59:59.999Z')))).toBe(
          '2026-03-31T12:00:00.000Z',
        );
        expect(windows.isExpired('monthly', start, at('2026-03-31T12:00:00.000Z'))).toBe(true);
        expect(windows.effectiveUsage('monthly', usage, start, at('2026-03-31T12:00:00.000Z'))).toBe(ZERO);
        expect(windows.resetsAt('monthly', start, at('2026-03-31T12:00:00.000Z'))).toBeNull();
      });

      it('in America/New_York across fall back: ends at 06:00 EST for a start at 07:00 EDT', () => {
        const windows = quota('America/New_York', 'rolling30d');
        const start = at('2026-10-15T11:00:00.000Z'); // 07:00 EDT
        // 30 calendar days later at 07:00 EST (12:00Z) the window has already expired.
        expect(windows.isExpired('monthly', start, at('2026-11-14T10:59:59.999Z'))).toBe(false);
        expect(iso(windows.resetsAt('monthly', start, at('2026-11-14T10:59:59.999Z')))).toBe(
          '2026-11-14T11:00:00.000Z',
        );
        expect(windows.isExpired('monthly', start, at('2026-11-14T11:00:00.000Z'))).toBe(true);
        expect(windows.isExpired('monthly', start, at('2026-11-14T12:00:00.000Z'))).toBe(true);
      });

      it('in Australia/Lord_Howe across the 30-minute shift: ends at 12:00 +11:00 for a start at 11:30 +10:30', () => {
        const windows = quota('Australia/Lord_Howe', 'rolling30d');
        const start = at('2026-09-20T01:00:00.000Z'); // 11:30 +10:30
        expect(windows.isExpired('monthly', start, at('2026-10-20T00:30:00.000Z'))).toBe(false); // 11:30 +11:00
        expect(windows.isExpired('monthly', start, at('2026-10-20T00:59:59.999Z'))).toBe(false);
        expect(iso(windows.resetsAt('monthly', start, at('2026-10-20T00:59:59.999Z')))).toBe(
          '2026-10-20T01:00:00.000Z',
        );
        expect(windows.isExpired('monthly', start, at('2026-10-20T01:00:00.000Z'))).toBe(true);
        expect(windows.resetsAt('monthly', start, at('2026-10-20T01:00:00.000Z'))).toBeNull();
      });
    });

    it('gives the same answers in every zone', () => {
      const start = at('2026-03-01T12:00:00.000Z');
      for (const zone of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe']) {
        const windows = quota(zone, 'rolling30d');
        const justBefore = plus(start, ROLLING_MONTH_MS - 1);
        expect(windows.isExpired('monthly', start, justBefore)).toBe(false);
        expect(iso(windows.resetsAt('monthly', start, justBefore))).toBe('2026-03-31T12:00:00.000Z');
        expect(windows.isExpired('monthly', start, plus(start, ROLLING_MONTH_MS))).toBe(true);
      }
    });

    it('leaves the daily and weekly windows on the calendar', () => {
      const now = at('2026-03-08T12:00:00.000Z');
      const rolling = calendarView(quota('America/New_York', 'rolling30d'), now);
      const calendar = calendarView(quota('America/New_York', 'calendar'), now);
      expect({ ...rolling, monthlyStart: null, monthlyResetsAt: null }).toEqual({
        ...calendar,
        monthlyStart: null,
        monthlyResetsAt: null,
      });
    });
  });

  describe('isExpired and effectiveUsage for calendar windows', () => {
    const windows = quota('America/New_York');
    const now = at('2026-03-11T16:00:00.000Z'); // Wednesday 12:00 EDT
    const usage = new Money('3.0000000001');

    it.each(WINDOWS)('treats a missing %s start as expired, whatever the monthly mode', (w) => {
      for (const mode of ['calendar', 'rolling30d'] as const) {
        const instance = quota('America/New_York', mode);
        expect(instance.isExpired(w, null, now)).toBe(true);
        expect(instance.effectiveUsage(w, usage, null, now)).toBe(ZERO);
      }
    });

    it.each(WINDOWS)('keeps a %s window opened exactly at its start and expires one opened 1 ms earlier', (w) => {
      const start = windows.bounds(now)[w].start;
      expect(windows.isExpired(w, start, now)).toBe(false);
      expect(windows.effectiveUsage(w, usage, start, now)).toBe(usage);
      expect(windows.isExpired(w, plus(start, -1), now)).toBe(true);
      expect(windows.effectiveUsage(w, usage, plus(start, -1), now)).toBe(ZERO);
    });

    it('expires only the windows whose boundary was crossed', () => {
      const mondayMorning = at('2026-03-09T14:00:00.000Z'); // Monday 10:00 EDT
      expect(windows.isExpired('daily', mondayMorning, now)).toBe(true);
      expect(windows.isExpired('weekly', mondayMorning, now)).toBe(false);
      expect(windows.isExpired('monthly', mondayMorning, now)).toBe(false);
      const february = at('2026-02-27T14:00:00.000Z');
      expect(windows.isExpired('weekly', february, now)).toBe(true);
      expect(windows.isExpired('monthly', february, now)).toBe(true);
    });

    it('returns the stored usage itself, untouched, while the window is open', () => {
      const today = at('2026-03-11T13:00:00.000Z');
      const result = windows.effectiveUsage('daily', usage, today, now);
      expect(result).toBe(usage);
      expect(result.toFixed()).toBe('3.0000000001');
    });

    it('returns ZERO for an expired window, whatever the usage', () => {
      const yesterday = at('2026-03-10T13:00:00.000Z');
      expect(windows.effectiveUsage('daily', usage, yesterday, now)).toBe(ZERO);
      expect(windows.effectiveUsage('daily', new Money('9999999999.9999999999'), yesterday, now).isZero()).toBe(true);
    });

    it('reports calendar resets from `now` alone, whatever the stored start', () => {
      const calendarMonths = quota('America/New_York', 'calendar');
      for (const start of [null, at('2020-01-01T00:00:00.000Z'), at('2026-03-11T13:00:00.000Z')]) {
        expect(iso(calendarMonths.resetsAt('daily', start, now))).toBe('2026-03-12T04:00:00.000Z');
        expect(iso(calendarMonths.resetsAt('weekly', start, now))).toBe('2026-03-16T04:00:00.000Z');
        expect(iso(calendarMonths.resetsAt('monthly', start, now))).toBe('2026-04-01T04:00:00.000Z');
      }
    });

    it('returns fresh Date objects, so a caller mutating one cannot corrupt later answers', () => {
      const instance = quota('UTC');
      const probe = at('2026-05-20T10:00:00.000Z');
      const first = instance.bounds(probe);
      first.daily.start.setTime(0);
      first.weekly.cutoff.setTime(0);
      instance.resetsAt('daily', null, probe)!.setTime(0);
      expect(calendarView(instance, probe)).toEqual(calendarView(quota('UTC'), probe));
      expect(iso(instance.bounds(probe).weekly.cutoff)).toBe('2026-05-18T00:00:00.000Z');
    });
  });

  describe('the cached day boundaries', () => {
    it('gives the same answers when the clock walks backwards through DST changes', () => {
      const cached = quota('America/New_York');
      const from = at('2026-11-03T12:00:00.000Z').getTime();
      const to = at('2026-10-30T12:00:00.000Z').getTime();
      for (let t = from; t >= to; t -= 17 * 60 * 1000) {
        const now = new Date(t);
        expect(calendarView(cached, now)).toEqual(calendarView(quota('America/New_York'), now));
      }
    });

    it('gives the same answers when the clock jumps between years and back', () => {
      const cached = quota('Australia/Lord_Howe');
      const instants = [
        '2026-10-04T06:00:00.000Z',
        '2001-04-01T00:00:00.000Z',
        '2026-10-03T13:29:59.999Z',
        '2099-12-31T13:00:00.000Z',
        '2026-10-03T13:30:00.000Z',
        '2026-10-04T12:59:59.999Z',
        '2026-10-04T13:00:00.000Z',
      ].map(at);
      for (const now of instants) {
        expect(calendarView(cached, now)).toEqual(calendarView(quota('Australia/Lord_Howe'), now));
      }
    });

    // A midnight that happens twice (the clock falls back from 01:00 to 00:00) is not covered by the
    // property tests' zone set; America/Havana (2026-11-01) and Atlantic/Azores (2026-10-25) do it.
    describe('when local midnight occurs twice', () => {
      it('starts the America/Havana day of 2026-11-01 at the first 00:00 (04:00Z), whatever the cache holds', () => {
        const secondHalfHour = at('2026-11-01T05:30:00.000Z'); // 00:30 CST, the second 00:30
        const primed = quota('America/Havana');
        primed.bounds(at('2026-11-01T04:30:00.000Z')); // 00:30 CDT, the first 00:30
        const fresh = quota('America/Havana');
        expect(calendarView(fresh, secondHalfHour)).toEqual(calendarView(primed, secondHalfHour));
        expect(iso(fresh.bounds(secondHalfHour).daily.start)).toBe('2026-11-01T04:00:00.000Z');
        expect(iso(fresh.bounds(secondHalfHour).monthly.start)).toBe('2026-11-01T04:00:00.000Z');
      });

      it('keeps an America/Havana daily window opened at the first 00:30 open at the second 00:30', () => {
        const fresh = quota('America/Havana');
        const opened = at('2026-11-01T04:30:00.000Z');
        const now = at('2026-11-01T05:30:00.000Z');
        expect(fresh.isExpired('daily', opened, now)).toBe(false);
        expect(fresh.isExpired('monthly', opened, now)).toBe(false);
      });

      it('keeps an Atlantic/Azores daily window opened at the first 00:30 open at the second 00:30', () => {
        const fresh = quota('Atlantic/Azores');
        const opened = at('2026-10-25T00:30:00.000Z'); // 00:30 +00:00
        const now = at('2026-10-25T01:30:00.000Z'); // 00:30 -01:00
        expect(iso(fresh.bounds(now).daily.start)).toBe('2026-10-25T00:00:00.000Z');
        expect(fresh.isExpired('daily', opened, now)).toBe(false);
      });
    });
  });

  describe('properties', () => {
    const ZONES = [
      'UTC',
      'Asia/Shanghai',
      'America/New_York',
      'Australia/Lord_Howe',
      'Europe/London',
      'Asia/Kolkata',
      'America/Santiago',
    ] as const;
    const MIN = Date.UTC(2000, 0, 1);
    const MAX = Date.UTC(2100, 0, 1) - 1;

    /** Approximate offset changes per zone (within 6 h), so random instants land on DST days often. */
    const transitions: Record<string, number[]> = {};
    for (const zone of ZONES) {
      const tz = IANAZone.create(zone);
      const found: number[] = [];
      for (const year of [2000, 2026, 2027, 2028, 2099]) {
        let previous = tz.offset(Date.UTC(year, 0, 1));
        for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 6 * HOUR) {
          const offset = tz.offset(t);
          if (offset !== previous) found.push(t);
          previous = offset;
        }
      }
      transitions[zone] = found;
    }

    const anyInstant = fc.integer({ min: MIN, max: MAX });
    /** Random instants, instants near a DST change of the zone, and instants within 2 ms of a local midnight. */
    const instantIn = (zone: string): fc.Arbitrary<Date> => {
      const nearMidnight = fc
        .tuple(anyInstant, fc.integer({ min: -2, max: 2 }))
        .map(([t, d]) => DateTime.fromMillis(t, { zone }).startOf('day').toMillis() + d);
      const sources = [anyInstant, nearMidnight];
      if (transitions[zone].length > 0) {
        sources.push(
          fc
            .tuple(fc.constantFrom(...transitions[zone]), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
            .map(([t, d]) => t + d),
        );
      }
      return fc.oneof(...sources).map((t) => new Date(t));
    };
    const zoneAndInstant = fc
      .constantFrom(...ZONES)
      .chain((zone) => instantIn(zone).map((now) => [zone, now] as const));
    const runs = { numRuns: 400 };

    it('puts now inside its daily window: start <= now < resetsAt', () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const windows = quota(zone);
          const start = windows.bounds(now).daily.start;
          const reset = windows.resetsAt('daily', start, now)!;
          expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(now.getTime()).toBeLessThan(reset.getTime());
        }),
        runs,
      );
    });

    it("starts the daily window at local 00:00 of now's date (or its first instant when midnight is skipped)", () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const start = quota(zone).bounds(now).daily.start;
          expectFirstInstantOfLocalDay(start, zone, localDate(now, zone));
        }),
        runs,
      );
    });

    it('resets the daily window at the first instant of the next local date', () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const reset = quota(zone).resetsAt('daily', null, now)!;
          expectFirstInstantOfLocalDay(reset, zone, shiftDate(localDate(now, zone), 1));
        }),
        runs,
      );
    });

    it("starts the weekly window on the Monday of now's ISO week, no later than the daily window", () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const windows = quota(zone);
          const b = windows.bounds(now);
          const today = DateTime.fromJSDate(now, { zone });
          const monday = shiftDate(today.toISODate()!, 1 - today.weekday);
          expect(DateTime.fromJSDate(b.weekly.start, { zone }).weekday).toBe(1);
          expectFirstInstantOfLocalDay(b.weekly.start, zone, monday);
          expect(b.weekly.start.getTime()).toBeLessThanOrEqual(b.daily.start.getTime());
          const reset = windows.resetsAt('weekly', null, now)!;
          expectFirstInstantOfLocalDay(reset, zone, shiftDate(monday, 7));
          expect(reset.getTime()).toBeGreaterThanOrEqual(windows.resetsAt('daily', null, now)!.getTime());
        }),
        runs,
      );
    });

    it("starts the calendar month on day 1 of now's local month and resets on day 1 of the next", () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const windows = quota(zone, 'calendar');
          const start = windows.bounds(now).monthly.start;
          const today = DateTime.fromJSDate(now, { zone });
          const first = today.toISODate()!.slice(0, 8) + '01';
          expect(DateTime.fromJSDate(start, { zone }).day).toBe(1);
          expectFirstInstantOfLocalDay(start, zone, first);
          const next = DateTime.fromISO(first, { zone: 'utc' }).plus({ months: 1 }).toISODate()!;
          expectFirstInstantOfLocalDay(windows.resetsAt('monthly', null, now)!, zone, next);
          expect(start.getTime()).toBeLessThanOrEqual(windows.bounds(now).daily.start.getTime());
        }),
        runs,
      );
    });

    it('keeps a window opened at its start open, and expires one opened 1 ms before', () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const windows = quota(zone, 'calendar');
          for (const w of WINDOWS) {
            const start = windows.bounds(now)[w].start;
            expect(windows.isExpired(w, start, now)).toBe(false);
            expect(windows.isExpired(w, plus(start, -1), now)).toBe(true);
          }
        }),
        runs,
      );
    });

    it('resets each calendar window exactly where the next one starts', () => {
      fc.assert(
        fc.property(zoneAndInstant, ([zone, now]) => {
          const windows = quota(zone, 'calendar');
          for (const w of WINDOWS) {
            const reset = windows.resetsAt(w, windows.bounds(now)[w].start, now)!;
            expect(iso(quota(zone, 'calendar').bounds(reset)[w].start)).toBe(iso(reset));
            // The millisecond before the reset still belongs to the current window.
            expect(iso(quota(zone, 'calendar').bounds(plus(reset, -1))[w].start)).toBe(
              iso(windows.bounds(now)[w].start),
            );
          }
        }),
        runs,
      );
    });

    it('expires a rolling month iff now - start >= 30 d, and resets it at start + 30 d while open', () => {
      const delta = fc.oneof(
        fc.integer({ min: 0, max: 90 * DAY }),
        fc.integer({ min: ROLLING_MONTH_MS - 3, max: ROLLING_MONTH_MS + 3 }),
      );
      const usage = new Money('0.0000000001');
      fc.assert(
        fc.property(fc.constantFrom(...ZONES), anyInstant, delta, (zone, startMs, d) => {
          const windows = quota(zone, 'rolling30d');
          const start = new Date(startMs);
          const now = new Date(startMs + d);
          const expired = d >= ROLLING_MONTH_MS;
          expect(windows.isExpired('monthly', start, now)).toBe(expired);
          expect(windows.effectiveUsage('monthly', usage, start, now)).toBe(expired ? ZERO : usage);
          expect(iso(windows.resetsAt('monthly', start, now))).toBe(
            expired ? null : iso(plus(start, ROLLING_MONTH_MS)),
          );
          const bound = windows.bounds(now).monthly;
          expect(bound.start.getTime()).toBe(now.getTime());
          expect(bound.cutoff.getTime()).toBe(now.getTime() - ROLLING_MONTH_MS + 1);
        }),
        runs,
      );
    });

    it('gives effectiveUsage as usage or ZERO exactly as isExpired says', () => {
      fc.assert(
        fc.property(
          zoneAndInstant,
          fc.integer({ min: -40 * DAY, max: DAY }),
          fc.constantFrom<MonthlyWindowMode>('calendar', 'rolling30d'),
          fc.bigInt({ min: 0n, max: 99_999_999_999_999_999_999n }),
          ([zone, now], back, mode, units) => {
            const windows = quota(zone, mode);
            const usage = new Money(units.toString()).div(1e10);
            const stored = plus(now, back);
            for (const w of WINDOWS) {
              const expected = windows.isExpired(w, stored, now) ? ZERO : usage;
              expect(windows.effectiveUsage(w, usage, stored, now)).toBe(expected);
            }
          },
        ),
        runs,
      );
    });

    it('answers the same whatever order the clock visits instants in (cache vs fresh instance)', () => {
      const scenario = fc.constantFrom(...ZONES).chain((zone) =>
        fc.tuple(
          fc.constant(zone),
          fc.constantFrom<MonthlyWindowMode>('calendar', 'rolling30d'),
          instantIn(zone).chain((base) =>
            fc.array(
              fc.tuple(
                fc.integer({ min: -3 * DAY, max: 3 * DAY }).map((d) => plus(base, d)),
                fc.integer({ min: -35 * DAY, max: 0 }),
              ),
              { minLength: 1, maxLength: 40 },
            ),
          ),
        ),
      );
      fc.assert(
        fc.property(scenario, ([zone, mode, visits]) => {
          const cached = quota(zone, mode);
          for (const [now, back] of visits) {
            const stored = plus(now, back);
            expect(fullView(cached, now, stored)).toEqual(fullView(quota(zone, mode), now, stored));
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
