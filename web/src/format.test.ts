import { describe, expect, it } from 'vitest';

import { countdownParts, formatCountdown, formatDay, formatMoney, formatPercent, formatTime } from './format';

describe('money', () => {
  it('shows the currency and two decimals, rounded half up from the exact string', () => {
    expect(formatMoney('1234.5', 'en-US')).toBe('$1,234.50');
    expect(formatMoney('1.005', 'en-US')).toBe('$1.01');
    expect(formatMoney('0.004', 'en-US')).toBe('$0.00');
    expect(formatMoney('1234567890.125', 'en-US')).toBe('$1,234,567,890.13');
    expect(formatMoney('12', 'zh-CN')).toBe('US$12.00');
  });
});

describe('percent', () => {
  it('rounds down, so that only a used-up window reads 100 %', () => {
    expect(formatPercent(32, 'en-US')).toBe('32%');
    expect(formatPercent(99.99, 'en-US')).toBe('99.9%');
    expect(formatPercent(100, 'en-US')).toBe('100%');
    expect(formatPercent(87.56, 'zh-CN')).toBe('87.5%');
  });
});

describe('time', () => {
  it('is shown in the service’s zone, not the browser’s', () => {
    expect(formatTime('2026-11-30T16:00:00Z', 'en-US', 'Asia/Shanghai')).toBe('Dec 1, 2026, 12:00 AM');
    expect(formatTime('2026-11-30T16:00:00Z', 'en-US', 'UTC')).toBe('Nov 30, 2026, 4:00 PM');
    expect(formatDay('2026-03-05', 'en-US')).toBe('Mar 5');
  });
});

describe('countdown', () => {
  const now = new Date('2026-11-29T12:00:00Z');

  it('splits the time left into units, never below zero', () => {
    expect(countdownParts('2026-12-01T15:04:05Z', now)).toEqual({ days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(countdownParts('2026-11-29T11:00:00Z', now)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });

  it('names the two largest units that matter, in the language shown', () => {
    expect(formatCountdown('2026-12-01T15:04:05Z', now, 'en-US')).toBe('2d 3h');
    expect(formatCountdown('2026-11-29T15:12:00Z', now, 'en-US')).toBe('3h 12m');
    expect(formatCountdown('2026-11-29T12:04:10Z', now, 'en-US')).toBe('4m 10s');
    expect(formatCountdown('2026-11-29T12:00:09Z', now, 'en-US')).toBe('9s');
    expect(formatCountdown('2026-11-29T15:12:00Z', now, 'zh-CN')).toBe('3小时 12分钟');
  });
});
