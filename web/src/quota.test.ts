import { describe, expect, it } from 'vitest';

import {
  barLevel,
  compareDecimals,
  diff,
  effectiveDefaults,
  gridFromMatrix,
  parseLimit,
  readGrid,
  sameLimit,
  sumDecimals,
  usedPercent,
} from './quota';

const RULES = { scale: 10, max: '9999999999.9999999999' };

describe('parseLimit: what an admin typed in a limit field', () => {
  it('reads blank as no limit (unlimited, or inherit in a source)', () => {
    expect(parseLimit('', RULES)).toEqual({ ok: true, value: null });
    expect(parseLimit('   ', RULES)).toEqual({ ok: true, value: null });
  });

  it('keeps amounts exactly, normalised, 0 included', () => {
    expect(parseLimit('0', RULES)).toEqual({ ok: true, value: '0' });
    expect(parseLimit(' 12.50 ', RULES)).toEqual({ ok: true, value: '12.5' });
    expect(parseLimit('007', RULES)).toEqual({ ok: true, value: '7' });
    expect(parseLimit('.5', RULES)).toEqual({ ok: true, value: '0.5' });
    expect(parseLimit('3.', RULES)).toEqual({ ok: true, value: '3' });
    expect(parseLimit('0.0000000001', RULES)).toEqual({ ok: true, value: '0.0000000001' });
    expect(parseLimit('9999999999.9999999999', RULES)).toEqual({ ok: true, value: '9999999999.9999999999' });
    // Beyond a float's precision, still exact: never parseFloat.
    expect(parseLimit('1234567890.1234567891', RULES)).toEqual({ ok: true, value: '1234567890.1234567891' });
  });

  it.each(['-1', '1,000', '1e3', 'abc', '10$', '1.2.3', '+5', 'NaN', 'Infinity', '５'])(
    'refuses %j instead of turning it into "unlimited"',
    (typed) => {
      expect(parseLimit(typed, RULES)).toEqual({ ok: false, problem: { kind: 'notAnAmount' } });
    },
  );

  it('refuses more decimals than the service keeps, and amounts beyond its maximum', () => {
    expect(parseLimit('0.00000000001', RULES)).toEqual({ ok: false, problem: { kind: 'tooManyDecimals', scale: 10 } });
    expect(parseLimit('10000000000', RULES)).toEqual({
      ok: false,
      problem: { kind: 'tooLarge', max: '9999999999.9999999999' },
    });
    // Trailing zeros are not digits that matter.
    expect(parseLimit('1.500000000000', RULES)).toEqual({ ok: true, value: '1.5' });
  });
});

describe('the grid of a defaults document', () => {
  it('shows stored limits in full and blanks for none; reads back what is valid and names each problem', () => {
    const grid = gridFromMatrix(
      { openai: { daily: '2.5', weekly: null } },
      ['anthropic', 'openai'],
      ['daily', 'weekly'],
    );
    expect(grid).toEqual({ anthropic: { daily: '', weekly: '' }, openai: { daily: '2.5', weekly: '' } });
    grid.anthropic.daily = '1O';
    grid.openai.weekly = '0';
    const reading = readGrid(grid, RULES);
    expect(reading.problems).toEqual({ 'anthropic.daily': { kind: 'notAnAmount' } });
    expect(reading.matrix.openai).toEqual({ daily: '2.5', weekly: '0' });
  });
});

describe('effectiveDefaults: what a new user of a source gets', () => {
  const system = { openai: { daily: '5', weekly: null, monthly: '100' } };
  const source = { openai: { daily: '0', weekly: '20', monthly: null } };

  it('takes each field the source sets (0 included) and the system value elsewhere, when granted', () => {
    expect(effectiveDefaults(system, source, true, ['openai', 'gemini'], ['daily', 'weekly', 'monthly'])).toEqual({
      openai: { daily: '0', weekly: '20', monthly: '100' },
      gemini: { daily: null, weekly: null, monthly: null },
    });
  });

  it('ignores the source when its grant flag is off', () => {
    expect(effectiveDefaults(system, source, false, ['openai'], ['daily', 'weekly', 'monthly'])).toEqual({
      openai: { daily: '5', weekly: null, monthly: '100' },
    });
  });
});

describe('bars', () => {
  it.each([
    [0, 'ok'],
    [74.99, 'ok'],
    [75, 'warn'],
    [94.99, 'warn'],
    [95, 'danger'],
    [100, 'danger'],
    [250, 'danger'],
  ])('%s %% is %s', (percent, level) => {
    expect(barLevel(percent)).toBe(level);
  });

  it('computes the share used from the strings: 100 for a disabled window, none when unlimited', () => {
    expect(usedPercent('3.2', '10')).toBe(32);
    expect(usedPercent('1', '3')).toBe(33.33);
    expect(usedPercent('5', '0')).toBe(100);
    expect(usedPercent('5', null)).toBeNull();
  });
});

describe('diff: what changes', () => {
  it('lists every differing leaf with its path, amounts compared by value, in the documents’ order', () => {
    const before = { system: { openai: { daily: '10', weekly: null, monthly: '1' } }, grant: false };
    const after = { system: { openai: { daily: '10.00', weekly: '0', monthly: '2' } }, grant: true };
    expect(diff(before, after)).toEqual([
      { path: ['system', 'openai', 'weekly'], before: null, after: '0' },
      { path: ['system', 'openai', 'monthly'], before: '1', after: '2' },
      { path: ['grant'], before: false, after: true },
    ]);
  });

  it('reads a removed or created object as each of its leaves going or coming', () => {
    expect(diff({ openai: { daily: '5' } }, { openai: null })).toEqual([
      { path: ['openai', 'daily'], before: '5', after: null },
    ]);
    expect(diff(null, { gemini: { monthly: '3' } })).toEqual([
      { path: ['gemini', 'monthly'], before: null, after: '3' },
    ]);
    expect(diff({ a: '1' }, { a: '1' })).toEqual([]);
  });
});

describe('decimal helpers', () => {
  it('compares and adds exactly', () => {
    expect(compareDecimals('10', '9.9999999999')).toBe(1);
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('2', '10')).toBe(-1);
    expect(sameLimit('10', '10.0')).toBe(true);
    expect(sameLimit(null, undefined)).toBe(true);
    expect(sameLimit('0', null)).toBe(false);
    expect(sumDecimals(['0.1', '0.2', '1.0000000001'])).toBe('1.3000000001');
    expect(sumDecimals(['0', '0'])).toBe('0');
    expect(sumDecimals([])).toBe('0');
  });
});
